using System.Text;

namespace SharpAlign.Tokenization.Normalizers;

/// <summary>
/// <c>Lowercase</c>: Rust's per-character <c>char::to_lowercase</c>: the simple lowercase mapping
/// of every code point (no context-dependent final sigma), plus the one unconditional
/// multi-character mapping, U+0130 İ → "i̇".
/// </summary>
internal sealed class LowercaseNormalizer : INormalizer
{
    /// <inheritdoc />
    public string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == 0x130) sb.Append("i\u0307");
            else sb.Append(Rune.ToLowerInvariant(rune).ToString());
        }
        return sb.ToString();
    }
}
