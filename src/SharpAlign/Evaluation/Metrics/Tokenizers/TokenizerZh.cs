using System.Text;
using SharpAlign.Evaluation.Text;

namespace SharpAlign.Evaluation.Metrics.Tokenizers;

/// <summary>
/// sacreBLEU's <c>zh</c> tokenizer (sacrebleu/tokenizers/tokenizer_zh.py): strip, put spaces around
/// every code point in the "Chinese" range table, then <see cref="MtevalPunctuationRules"/> (no
/// entity step, no padding). The upstream table writes CJK Extension B and the Compatibility
/// Supplement as 5-digit <c>\u</c> escapes, which Python reads as a 4-digit escape plus a digit; with
/// Python's string comparison those two entries become U+2001–U+2A6D and U+2F81–U+2FA1, and astral
/// ideographs are never split. That behaviour is reproduced here.
/// </summary>
public sealed class TokenizerZh : IBleuTokenizer
{
    private static readonly (int Start, int End)[] Ranges =
    [
        (0x3400, 0x4DB5), (0x4E00, 0x9FA5), (0x9FA6, 0x9FBB), (0xF900, 0xFA2D), (0xFA30, 0xFA6A),
        (0xFA70, 0xFAD9), (0x2001, 0x2A6D), (0x2F81, 0x2FA1), (0xFF00, 0xFFEF), (0x2E80, 0x2EFF),
        (0x3000, 0x303F), (0x31C0, 0x31EF), (0x2F00, 0x2FDF), (0x2FF0, 0x2FFF), (0x3100, 0x312F),
        (0x31A0, 0x31BF), (0xFE10, 0xFE1F), (0xFE30, 0xFE4F), (0x2600, 0x26FF), (0x2700, 0x27BF),
        (0x3200, 0x32FF), (0x3300, 0x33FF),
    ];

    /// <inheritdoc />
    public string Name => "zh";

    /// <summary>Whether sacreBLEU's zh tokenizer isolates this BMP code unit (astral code points never are).</summary>
    public static bool IsChineseChar(char c)
    {
        foreach (var (start, end) in Ranges)
            if (c >= start && c <= end) return true;
        return false;
    }

    /// <inheritdoc />
    public string Tokenize(string line)
    {
        line = PythonWhitespace.Strip(line);
        var sb = new StringBuilder(line.Length * 2);
        foreach (char c in line)
        {
            // Surrogates (astral code points) fall outside every range, so per-unit testing is exact.
            if (!char.IsSurrogate(c) && IsChineseChar(c)) sb.Append(' ').Append(c).Append(' ');
            else sb.Append(c);
        }
        return MtevalPunctuationRules.Apply(sb.ToString());
    }
}
