using System.Globalization;
using System.Text;

namespace SharpAlign.Evaluation.Text;

/// <summary>
/// Python's <c>str.lower()</c>: the Unicode default full lower-case mapping, code point by code
/// point. It differs from a per-char <see cref="string.ToLowerInvariant()"/> in two places that
/// Python implements and .NET does not: U+0130 (İ) becomes the two code points U+0069 U+0307, and
/// capital sigma becomes final sigma (ς) when a cased letter precedes it and none follows it
/// (skipping case-ignorable characters on both sides), as in CPython's <c>handle_capital_sigma</c>.
/// Every other code point takes its simple lower-case mapping (Python's only unconditional
/// multi-code-point lower-case mapping is U+0130).
/// </summary>
public static class PythonCase
{
    /// <summary>Lower-cases like Python 3's <c>str.lower()</c>.</summary>
    public static string Lower(string text)
    {
        bool plainAscii = true;
        foreach (char c in text)
        {
            if (c >= 0x80 || (c >= 'A' && c <= 'Z')) { plainAscii = false; break; }
        }
        if (plainAscii) return text;

        var sb = new StringBuilder(text.Length + 4);
        int i = 0;
        while (i < text.Length)
        {
            Rune r = Rune.GetRuneAt(text, i);
            int cp = r.Value;
            if (cp == 0x130) sb.Append("i\u0307");
            else if (cp == 0x3A3) sb.Append(IsFinalSigma(text, i) ? '\u03C2' : '\u03C3');
            else if (cp < 0x80) sb.Append(cp >= 'A' && cp <= 'Z' ? (char)(cp + 32) : (char)cp);
            else sb.Append(Rune.ToLowerInvariant(r).ToString());
            i += r.Utf16SequenceLength;
        }
        return sb.ToString();
    }

    /// <summary>The Final_Sigma context of Unicode's SpecialCasing: cased (case-ignorable)* Σ !((case-ignorable)* cased).</summary>
    private static bool IsFinalSigma(string text, int index)
    {
        int j = index;
        bool casedBefore = false;
        while (j > 0)
        {
            Rune prev = RuneBefore(text, j);
            j -= prev.Utf16SequenceLength;
            if (IsCaseIgnorable(prev)) continue;
            casedBefore = IsCased(prev);
            break;
        }
        if (!casedBefore) return false;
        j = index + 1;
        while (j < text.Length)
        {
            Rune next = Rune.GetRuneAt(text, j);
            j += next.Utf16SequenceLength;
            if (IsCaseIgnorable(next)) continue;
            return !IsCased(next);
        }
        return true;
    }

    private static Rune RuneBefore(string text, int end)
    {
        if (end >= 2 && char.IsLowSurrogate(text[end - 1]) && char.IsHighSurrogate(text[end - 2]))
            return Rune.GetRuneAt(text, end - 2);
        return Rune.GetRuneAt(text, end - 1);
    }

    /// <summary>Unicode "Cased": upper, lower or title case letters, and characters with a case mapping.</summary>
    private static bool IsCased(Rune r)
    {
        var cat = Rune.GetUnicodeCategory(r);
        if (cat is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter)
            return true;
        if (r.Value is 0xAA or 0xBA) return true;
        return Rune.ToLowerInvariant(r) != r || Rune.ToUpperInvariant(r) != r;
    }

    /// <summary>Unicode "Case_Ignorable": Mn, Me, Cf, Lm, Sk and the word-break MidLetter/MidNumLet/Single_Quote characters.</summary>
    private static bool IsCaseIgnorable(Rune r)
    {
        switch (r.Value)
        {
            case 0x27 or 0x2E or 0x3A or 0xB7 or 0x387 or 0x5F4 or 0x2018 or 0x2019 or 0x2024 or 0x2027
                or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A:
                return true;
        }
        return Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
    }
}
