using System.Text;
using SharpAlign.Evaluation.Metrics.Tokenizers;
using SharpAlign.Evaluation.Text;

namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// sacreBLEU's Tercom tokenizer (sacrebleu/tokenizers/tokenizer_ter.py, after TERCOM's Normalizer.java).
/// Empty stays empty; lower-case unless case-sensitive; optional western normalisation (join "\n-",
/// newlines to spaces, unescape four entities, pad, split ASCII punctuation as 13a's first rule,
/// split possessive 's, the period/comma/dash rules) with optional CJK splitting; optional punctuation
/// removal; finally whitespace collapsing.
/// </summary>
public sealed class TercomTokenizer
{
    private readonly TerOptions _options;

    /// <summary>Creates the tokenizer for the given TER options.</summary>
    public TercomTokenizer(TerOptions options) => _options = options;

    /// <summary>Tokenizes one segment (already right-stripped by the caller, as sacreBLEU does).</summary>
    public string Tokenize(string sentence)
    {
        if (sentence.Length == 0) return "";
        if (!_options.CaseSensitive) sentence = PythonCase.Lower(sentence);
        if (_options.Normalized)
        {
            sentence = NormalizeGeneralAndWestern(sentence);
            if (_options.AsianSupport) sentence = NormalizeAsian(sentence);
        }
        if (_options.NoPunct)
        {
            sentence = RemoveChars(sentence, IsWesternPunct);
            if (_options.AsianSupport) sentence = RemoveChars(sentence, c => IsAsianPunct(c) || IsFullWidthPunct(c));
        }
        return PythonWhitespace.Collapse(sentence);
    }

    private static string NormalizeGeneralAndWestern(string s)
    {
        s = s.Replace("\n-", "").Replace("\n", " ");
        s = s.Replace("&quot;", "\"").Replace("&amp;", "&").Replace("&lt;", "<").Replace("&gt;", ">");
        s = " " + s + " ";
        var sb = new StringBuilder(s.Length * 2);
        foreach (char c in s)
        {
            if (MtevalPunctuationRules.IsR1Punctuation(c)) sb.Append(' ').Append(c).Append(' ');
            else sb.Append(c);
        }
        s = sb.ToString();
        // Possessives: "'s " → " 's ". Upstream's second rule for a final "'s" cannot fire after the padding.
        s = s.Replace("'s ", " 's ");
        s = PeriodCommaAfterNonDigit(s);
        s = PeriodCommaBeforeNonDigit(s);
        s = DashAfterDigit(s);
        return s;
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static string PeriodCommaAfterNonDigit(string s)
    {
        var sb = new StringBuilder(s.Length + 16);
        for (int i = 0; i < s.Length;)
        {
            if (i + 1 < s.Length && !IsDigit(s[i]) && s[i + 1] is '.' or ',') { sb.Append(s[i]).Append(' ').Append(s[i + 1]).Append(' '); i += 2; }
            else sb.Append(s[i++]);
        }
        return sb.ToString();
    }

    private static string PeriodCommaBeforeNonDigit(string s)
    {
        var sb = new StringBuilder(s.Length + 16);
        for (int i = 0; i < s.Length;)
        {
            if (i + 1 < s.Length && s[i] is '.' or ',' && !IsDigit(s[i + 1])) { sb.Append(' ').Append(s[i]).Append(' ').Append(s[i + 1]); i += 2; }
            else sb.Append(s[i++]);
        }
        return sb.ToString();
    }

    private static string DashAfterDigit(string s)
    {
        var sb = new StringBuilder(s.Length + 16);
        for (int i = 0; i < s.Length;)
        {
            if (i + 1 < s.Length && IsDigit(s[i]) && s[i + 1] == '-') { sb.Append(s[i]).Append(" - "); i += 2; }
            else sb.Append(s[i++]);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Splits CJK ideographs, strokes, radicals, compatibility characters, the (quirky) U+3200–U+3F22
    /// range and CJK/full-width punctuation into single tokens. Upstream also has three kana rules
    /// anchored with <c>^…$</c>; after the western normalisation pads the sentence with spaces they can
    /// never match, so they are not reproduced.
    /// </summary>
    private static string NormalizeAsian(string s)
    {
        s = Isolate(s, c => c is (>= '\u4e00' and <= '\u9fff') or (>= '\u3400' and <= '\u4dbf'));
        s = Isolate(s, c => c is (>= '\u31c0' and <= '\u31ef') or (>= '\u2e80' and <= '\u2eff'));
        s = Isolate(s, c => c is (>= '\u3300' and <= '\u33ff') or (>= '\uf900' and <= '\ufaff') or (>= '\ufe30' and <= '\ufe4f'));
        s = Isolate(s, c => c is >= '\u3200' and <= '\u3f22');
        s = Isolate(s, IsAsianPunct);
        s = Isolate(s, IsFullWidthPunct);
        return s;
    }

    private static bool IsWesternPunct(char c) => c is '.' or ',' or '?' or ':' or ';' or '!' or '"' or '(' or ')';

    private static bool IsAsianPunct(char c) =>
        c is '\u3001' or '\u3002' or (>= '\u3008' and <= '\u3011') or (>= '\u3014' and <= '\u301f') or (>= '\uff61' and <= '\uff65') or '\u30fb';

    private static bool IsFullWidthPunct(char c) =>
        c is '\uff0e' or '\uff0c' or '\uff1f' or '\uff1a' or '\uff1b' or '\uff01' or '\uff02' or '\uff08' or '\uff09';

    private static string Isolate(string s, Func<char, bool> match)
    {
        var sb = new StringBuilder(s.Length + 16);
        foreach (char c in s)
        {
            if (match(c)) sb.Append(' ').Append(c).Append(' ');
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static string RemoveChars(string s, Func<char, bool> match)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s) if (!match(c)) sb.Append(c);
        return sb.ToString();
    }
}
