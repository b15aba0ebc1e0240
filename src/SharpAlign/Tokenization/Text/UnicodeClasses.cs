using System.Globalization;
using System.Text;

namespace SharpAlign.Tokenization.Text;

/// <summary>
/// Code-point level character classes with the meanings the Rust tokenizers library gives them
/// (Rust <c>char</c> methods, the <c>regex</c> crate and Oniguruma), all over the full Unicode
/// range: .NET's own <c>char</c> helpers see UTF-16 code units and miss supplementary planes.
/// </summary>
internal static class UnicodeClasses
{
    /// <summary>Largest Unicode code point.</summary>
    public const int MaxCodePoint = 0x10FFFF;

    private static byte[]? _categories;

    /// <summary>General category of a code point (surrogate code points report Surrogate).</summary>
    public static UnicodeCategory Category(int cp) => (UnicodeCategory)(_categories ??= BuildCategories())[cp];

    private static byte[] BuildCategories()
    {
        var table = new byte[MaxCodePoint + 1];
        for (int cp = 0; cp <= MaxCodePoint; cp++)
            table[cp] = (byte)(cp is >= 0xD800 and <= 0xDFFF ? UnicodeCategory.Surrogate : Rune.GetUnicodeCategory(new Rune(cp)));
        return table;
    }

    /// <summary>The Unicode White_Space property (Rust <c>char::is_whitespace</c>, regex <c>\s</c>, Oniguruma <c>\s</c>).</summary>
    public static bool IsWhiteSpace(int cp) => cp switch
    {
        >= 0x09 and <= 0x0D => true,
        0x20 or 0x85 or 0xA0 or 0x1680 => true,
        >= 0x2000 and <= 0x200A => true,
        0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    /// <summary>Number categories (Nd, Nl, No): regex <c>\p{N}</c>, Rust <c>char::is_numeric</c>.</summary>
    public static bool IsNumber(int cp) => Category(cp) is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    /// <summary>
    /// Unicode "word" character as defined by UTS #18 and used by the Rust regex crate and
    /// Oniguruma for <c>\w</c>: Alphabetic, Mark, Decimal_Number, Connector_Punctuation, Join_Control.
    /// Alphabetic = letters, letter numbers and Other_Alphabetic; the Other_Alphabetic code points
    /// that are not marks are the circled/squared Latin letters listed here.
    /// </summary>
    public static bool IsWordChar(int cp)
    {
        var c = Category(cp);
        if (c <= UnicodeCategory.OtherLetter || c is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber
            or UnicodeCategory.ConnectorPunctuation)
            return true;
        return cp is 0x200C or 0x200D or (>= 0x24B6 and <= 0x24E9) or (>= 0x1F130 and <= 0x1F149)
            or (>= 0x1F150 and <= 0x1F169) or (>= 0x1F170 and <= 0x1F189);
    }

    /// <summary>Rust tokenizers' punctuation test: ASCII punctuation or any Unicode P* category.</summary>
    public static bool IsPunctuation(int cp)
    {
        if (cp < 0x80) return cp is (>= 0x21 and <= 0x2F) or (>= 0x3A and <= 0x40) or (>= 0x5B and <= 0x60) or (>= 0x7B and <= 0x7E);
        return Category(cp) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>Reads the code point at <paramref name="i"/> (a surrogate pair counts as one); returns its UTF-16 length.</summary>
    public static int CodePointAt(ReadOnlySpan<char> s, int i, out int cp)
    {
        char c = s[i];
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            cp = char.ConvertToUtf32(c, s[i + 1]);
            return 2;
        }
        cp = c;
        return 1;
    }

    /// <summary>Reads the code point that ends just before <paramref name="end"/>; returns its UTF-16 length.</summary>
    public static int CodePointBefore(ReadOnlySpan<char> s, int end, out int cp)
    {
        char c = s[end - 1];
        if (char.IsLowSurrogate(c) && end >= 2 && char.IsHighSurrogate(s[end - 2]))
        {
            cp = char.ConvertToUtf32(s[end - 2], c);
            return 2;
        }
        cp = c;
        return 1;
    }

    /// <summary>Appends one code point as UTF-16 without allocating.</summary>
    public static void AppendCodePoint(StringBuilder sb, int cp)
    {
        if (cp < 0x10000) sb.Append((char)cp);
        else sb.Append((char)(0xD800 + ((cp - 0x10000) >> 10))).Append((char)(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    }

    /// <summary>
    /// Replaces unpaired surrogates with U+FFFD. The Rust library only ever sees valid UTF-8, so a
    /// lone surrogate in a .NET string has no Hugging Face equivalent; this is what converting the
    /// string to UTF-8 would do.
    /// </summary>
    public static string ReplaceLoneSurrogates(string s)
    {
        int first = s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0) return s;
        char[]? copy = null;
        for (int i = first; i < s.Length; i++)
        {
            char c = s[i];
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            copy ??= s.ToCharArray();
            copy[i] = '\uFFFD';
        }
        return copy is null ? s : new string(copy);
    }
}
