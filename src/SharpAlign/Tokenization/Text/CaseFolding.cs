using System.Globalization;

namespace SharpAlign.Tokenization.Text;

/// <summary>
/// Simple case folding from the generated <see cref="CaseFoldingData"/>: code points with the same
/// key are equal to a case-insensitive regex (k/K/U+212A, s/S/U+017F, σ/ς/Σ…).
/// </summary>
internal static class CaseFolding
{
    private static readonly Lazy<(Dictionary<int, int> Keys, List<int[]> Groups)> Data = new(Load);

    /// <summary>Every equivalence class with more than one member.</summary>
    public static IReadOnlyList<int[]> Groups => Data.Value.Groups;

    /// <summary>Folding key of a code point (the code point itself when it has no other).</summary>
    public static int Fold(int cp) => Data.Value.Keys.TryGetValue(cp, out int key) ? key : cp;

    private static (Dictionary<int, int>, List<int[]>) Load()
    {
        var keys = new Dictionary<int, int>();
        var byKey = new Dictionary<int, List<int>>();
        foreach (var entry in CaseFoldingData.Keys.Split(';'))
        {
            int colon = entry.IndexOf(':');
            int cp = int.Parse(entry.AsSpan(0, colon), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            int key = int.Parse(entry.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            keys[cp] = key;
            if (!byKey.TryGetValue(key, out var group)) byKey[key] = group = [key];
            group.Add(cp);
        }
        return (keys, byKey.Values.Select(g => g.Distinct().ToArray()).ToList());
    }
}
