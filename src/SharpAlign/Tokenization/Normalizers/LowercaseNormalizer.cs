using System.Globalization;
using System.Text;
using SharpAlign.Tokenization.Text;

namespace SharpAlign.Tokenization.Normalizers;

/// <summary>
/// <c>Lowercase</c>: Rust's per-character <c>char::to_lowercase</c>, i.e. the full unconditional
/// lowercase mapping of every code point (İ → "i̇"; no context-dependent final sigma), from the
/// generated <see cref="CaseFoldingData.Lowercase"/> table rather than the runtime's casing.
/// </summary>
internal sealed class LowercaseNormalizer : INormalizer
{
    private static readonly Lazy<Dictionary<int, int[]>> Mapping = new(() =>
    {
        var map = new Dictionary<int, int[]>();
        foreach (var entry in CaseFoldingData.Lowercase.Split(';'))
        {
            int colon = entry.IndexOf(':');
            map[int.Parse(entry.AsSpan(0, colon), NumberStyles.HexNumber, CultureInfo.InvariantCulture)] =
                entry[(colon + 1)..].Split(' ').Select(h => int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
        }
        return map;
    });

    /// <inheritdoc />
    public string Normalize(string text)
    {
        var map = Mapping.Value;
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (map.TryGetValue(rune.Value, out var lower))
                foreach (int cp in lower) UnicodeClasses.AppendCodePoint(sb, cp);
            else UnicodeClasses.AppendCodePoint(sb, rune.Value);
        }
        return sb.ToString();
    }
}
