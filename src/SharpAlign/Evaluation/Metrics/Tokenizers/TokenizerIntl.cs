using System.Globalization;
using System.Text;
using SharpAlign.Evaluation.Text;

namespace SharpAlign.Evaluation.Metrics.Tokenizers;

/// <summary>
/// sacreBLEU's <c>intl</c> tokenizer (mteval-v14 international; sacrebleu/tokenizers/tokenizer_intl.py),
/// three global replacements over code points, then whitespace collapsing:
/// (non-N)(P) → "\1 \2 "; (P)(non-N) → " \1 \2"; (S) → " \1 ", where N, P and S are the Unicode
/// number, punctuation and symbol categories. No padding, so a sentence-final "2019." stays whole.
/// Categories are read per code point (.NET's regex <c>\p{…}</c> would see astral symbols such as
/// emoji as two surrogates and miss them).
/// </summary>
public sealed class TokenizerIntl : IBleuTokenizer
{
    /// <inheritdoc />
    public string Name => "intl";

    /// <inheritdoc />
    public string Tokenize(string line)
    {
        line = PairPass(line, c => !IsNumber(c), IsPunctuation, prefixSpace: false);
        line = PairPass(line, IsPunctuation, c => !IsNumber(c), prefixSpace: true);
        line = SymbolPass(line);
        return PythonWhitespace.Collapse(line);
    }

    private static bool IsNumber(UnicodeCategory c) =>
        c is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    private static bool IsPunctuation(UnicodeCategory c) =>
        c is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    private static bool IsSymbol(UnicodeCategory c) =>
        c is UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
            or UnicodeCategory.OtherSymbol;

    /// <summary>Replaces each non-overlapping (first, second) code point pair, scanning left to right.</summary>
    private static string PairPass(string s, Func<UnicodeCategory, bool> first, Func<UnicodeCategory, bool> second, bool prefixSpace)
    {
        int[] at = CodePoints.Offsets(s);
        int n = at.Length - 1;
        var sb = new StringBuilder(s.Length + 16);
        int i = 0;
        while (i < n)
        {
            if (i + 1 < n && first(CharUnicodeInfo.GetUnicodeCategory(s, at[i])) && second(CharUnicodeInfo.GetUnicodeCategory(s, at[i + 1])))
            {
                if (prefixSpace) sb.Append(' ');
                sb.Append(s, at[i], at[i + 1] - at[i]).Append(' ');
                sb.Append(s, at[i + 1], at[i + 2] - at[i + 1]);
                if (!prefixSpace) sb.Append(' ');
                i += 2;
            }
            else
            {
                sb.Append(s, at[i], at[i + 1] - at[i]);
                i++;
            }
        }
        return sb.ToString();
    }

    private static string SymbolPass(string s)
    {
        int[] at = CodePoints.Offsets(s);
        var sb = new StringBuilder(s.Length + 16);
        for (int i = 0; i < at.Length - 1; i++)
        {
            bool symbol = IsSymbol(CharUnicodeInfo.GetUnicodeCategory(s, at[i]));
            if (symbol) sb.Append(' ');
            sb.Append(s, at[i], at[i + 1] - at[i]);
            if (symbol) sb.Append(' ');
        }
        return sb.ToString();
    }
}
