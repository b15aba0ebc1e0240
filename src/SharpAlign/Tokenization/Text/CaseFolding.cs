using System.Text;

namespace SharpAlign.Tokenization.Text;

/// <summary>
/// Groups of code points that are equal under simple case folding (k/K/U+212A, s/S/U+017F, σ/ς/Σ…),
/// derived from the runtime's invariant case mappings: two code points are equivalent when
/// lower(upper(x)) agrees. Used to expand case-insensitive regex parts.
/// </summary>
internal static class CaseFolding
{
    private static List<int[]>? _groups;

    /// <summary>Every equivalence class with more than one member.</summary>
    public static IReadOnlyList<int[]> Groups => _groups ??= Build();

    /// <summary>Folding key of a code point.</summary>
    public static int Fold(int cp)
    {
        if (cp is >= 0xD800 and <= 0xDFFF) return cp;
        var r = new Rune(cp);
        return Rune.ToLowerInvariant(Rune.ToUpperInvariant(r)).Value;
    }

    private static List<int[]> Build()
    {
        var byKey = new Dictionary<int, List<int>>();
        for (int cp = 0; cp <= UnicodeClasses.MaxCodePoint; cp++)
        {
            int key = Fold(cp);
            if (key == cp) continue;
            if (!byKey.TryGetValue(key, out var list)) byKey[key] = list = [key];
            list.Add(cp);
        }
        return byKey.Values.Select(l => l.Distinct().ToArray()).ToList();
    }
}
