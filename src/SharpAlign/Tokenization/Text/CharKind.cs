using System.Globalization;

namespace SharpAlign.Tokenization.Text;

/// <summary>The four classes the GPT-2-family split patterns distinguish.</summary>
internal enum CharKind : byte
{
    /// <summary>White_Space (<c>\s</c>).</summary>
    Space,
    /// <summary>Letter (<c>\p{L}</c>).</summary>
    Letter,
    /// <summary>Number (<c>\p{N}</c>).</summary>
    Number,
    /// <summary>Anything else (<c>[^\s\p{L}\p{N}]</c>).</summary>
    Other,
}

/// <summary>Fast <see cref="CharKind"/> lookup by code point (a table for the BMP).</summary>
internal static class CharKinds
{
    private static readonly Lazy<CharKind[]> Bmp = new(() =>
    {
        var t = new CharKind[0x10000];
        for (int cp = 0; cp < t.Length; cp++) t[cp] = Compute(cp);
        return t;
    });

    private static CharKind Compute(int cp)
    {
        if (UnicodeClasses.IsWhiteSpace(cp)) return CharKind.Space;
        var c = UnicodeClasses.Category(cp);
        if (c <= UnicodeCategory.OtherLetter) return CharKind.Letter;
        if (c is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber) return CharKind.Number;
        return CharKind.Other;
    }

    /// <summary>Kind of the code point at <paramref name="i"/>; <paramref name="length"/> is its UTF-16 length.</summary>
    public static CharKind At(ReadOnlySpan<char> s, int i, out int length)
    {
        char c = s[i];
        if (!char.IsSurrogate(c))
        {
            length = 1;
            return Bmp.Value[c];
        }
        length = UnicodeClasses.CodePointAt(s, i, out int cp);
        return Compute(cp);
    }

    /// <summary>End of the run of code points of <paramref name="kind"/> starting at <paramref name="i"/>.</summary>
    public static int RunEnd(ReadOnlySpan<char> s, int i, CharKind kind)
    {
        var table = Bmp.Value;
        while (i < s.Length)
        {
            char c = s[i];
            if (!char.IsSurrogate(c))
            {
                if (table[c] != kind) break;
                i++;
                continue;
            }
            if (At(s, i, out int len) != kind) break;
            i += len;
        }
        return i;
    }
}
