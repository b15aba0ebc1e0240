using System.Globalization;
using System.Text;

namespace SharpAlign.Tokenization.Templates;

/// <summary>Python's <c>repr()</c> of a float: shortest round-trip digits, ".0" for integral values, exponent form outside [1e-4, 1e16).</summary>
internal static class PythonFloat
{
    /// <summary>The repr of <paramref name="d"/>, as Python 3 prints it.</summary>
    public static string Repr(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        // "E16" would not be shortest; "R" is, so take its digits and exponent apart.
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = r[0] == '-';
        if (negative) r = r[1..];
        int exp = 0;
        var ePos = r.IndexOfAny(['E', 'e']);
        if (ePos >= 0) { exp = int.Parse(r[(ePos + 1)..], CultureInfo.InvariantCulture); r = r[..ePos]; }
        var dot = r.IndexOf('.');
        var intPart = dot >= 0 ? r[..dot] : r;
        var fracPart = dot >= 0 ? r[(dot + 1)..] : "";
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - (intPart + fracPart).TrimStart('0').Length;
        // Decimal exponent of the first significant digit.
        int pointPos = intPart.Length + exp - leadingZeros; // digits before the decimal point
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        int sciExp = pointPos - 1;
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (sciExp < -4 || sciExp >= 16)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(sciExp < 0 ? '-' : '+').Append(Math.Abs(sciExp).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (pointPos <= 0)
        {
            sb.Append("0.").Append('0', -pointPos).Append(digits);
        }
        else if (pointPos >= digits.Length)
        {
            sb.Append(digits).Append('0', pointPos - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
        }
        return sb.ToString();
    }
}

/// <summary>Python's <c>repr()</c> of a str: single quotes unless the text has ' and no ", escapes for control characters.</summary>
internal static class PythonRepr
{
    /// <summary>The repr of <paramref name="s"/>.</summary>
    public static string String(string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder(s.Length + 2).Append(quote);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote) sb.Append('\\').Append(c);
                    else if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { sb.Append(c).Append(s[i + 1]); i++; }
                    else if (char.IsSurrogate(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else if (!IsPrintable(c)) sb.Append(c <= 0xff ? "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture) : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append(quote).ToString();
    }

    /// <summary>Python's str.isprintable for one BMP character (approximated by Unicode category).</summary>
    private static bool IsPrintable(char c)
    {
        if (c == ' ') return true;
        var cat = CharUnicodeInfo.GetUnicodeCategory(c);
        return cat is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator);
    }
}
