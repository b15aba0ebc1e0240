using System.Text;
using SharpAlign.Evaluation.Text;

namespace SharpAlign.Evaluation.Metrics.Tokenizers;

/// <summary>
/// The four mteval-v13a punctuation rules sacreBLEU applies after the language-independent step of
/// the <c>13a</c> and <c>zh</c> tokenizers (sacrebleu/tokenizers/tokenizer_re.py), each one global
/// left-to-right non-overlapping replacement on the output of the previous one, then whitespace
/// collapsing:
/// R1 <c>([{-~[-` -&amp;(-+:-@/])</c> → " \1 ";
/// R2 <c>([^0-9])([.,])</c> → "\1 \2 ";
/// R3 <c>([.,])([^0-9])</c> → " \1 \2";
/// R4 <c>([0-9])(-)</c> → "\1 \2 ".
/// The classes are ASCII (or their complement), so scanning UTF-16 units gives the same result as
/// Python scanning code points: a surrogate is never a digit, a period or a comma.
/// </summary>
public static class MtevalPunctuationRules
{
    /// <summary>Applies R1–R4 and collapses whitespace.</summary>
    public static string Apply(string line)
    {
        line = SplitAsciiPunctuation(line);
        line = SplitPeriodCommaAfterNonDigit(line);
        line = SplitPeriodCommaBeforeNonDigit(line);
        line = SplitDashAfterDigit(line);
        return PythonWhitespace.Collapse(line);
    }

    /// <summary>R1's character class: 0x7B–0x7E, 0x5B–0x60, 0x20–0x26, 0x28–0x2B, 0x3A–0x40 and '/'.</summary>
    public static bool IsR1Punctuation(char c) =>
        c is (>= '{' and <= '~') or (>= '[' and <= '`') or (>= ' ' and <= '&') or (>= '(' and <= '+') or (>= ':' and <= '@') or '/';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static string SplitAsciiPunctuation(string s)
    {
        var sb = new StringBuilder(s.Length * 2);
        foreach (char c in s)
        {
            if (IsR1Punctuation(c)) sb.Append(' ').Append(c).Append(' ');
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static string SplitPeriodCommaAfterNonDigit(string s)
    {
        var sb = new StringBuilder(s.Length + 16);
        int i = 0;
        while (i < s.Length)
        {
            if (i + 1 < s.Length && !IsDigit(s[i]) && s[i + 1] is '.' or ',')
            {
                sb.Append(s[i]).Append(' ').Append(s[i + 1]).Append(' ');
                i += 2;
            }
            else sb.Append(s[i++]);
        }
        return sb.ToString();
    }

    private static string SplitPeriodCommaBeforeNonDigit(string s)
    {
        var sb = new StringBuilder(s.Length + 16);
        int i = 0;
        while (i < s.Length)
        {
            if (i + 1 < s.Length && s[i] is '.' or ',' && !IsDigit(s[i + 1]))
            {
                sb.Append(' ').Append(s[i]).Append(' ').Append(s[i + 1]);
                i += 2;
            }
            else sb.Append(s[i++]);
        }
        return sb.ToString();
    }

    private static string SplitDashAfterDigit(string s)
    {
        var sb = new StringBuilder(s.Length + 16);
        int i = 0;
        while (i < s.Length)
        {
            if (i + 1 < s.Length && IsDigit(s[i]) && s[i + 1] == '-')
            {
                sb.Append(s[i]).Append(" - ");
                i += 2;
            }
            else sb.Append(s[i++]);
        }
        return sb.ToString();
    }
}
