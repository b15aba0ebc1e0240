using System.Globalization;
using System.Text;

namespace SharpAlign.Evaluation.Text;

/// <summary>
/// Python's <c>f"{x:.Nf}"</c>: the exact binary value rounded half-to-even to N decimals. .NET's "F"
/// format rounds exact ties away from zero (6.25 → "6.3" where Python prints "6.2"), which would
/// make printed sacreBLEU lines differ, so ties are resolved here on the exact decimal expansion.
/// </summary>
public static class PythonFormat
{
    /// <summary>Formats <paramref name="value"/> with <paramref name="decimals"/> digits after the point, as Python does.</summary>
    public static string Fixed(double value, int decimals)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        // A double's exact decimal expansion has at most 1074 fractional digits.
        string exact = value.ToString("F1100", CultureInfo.InvariantCulture);
        bool negative = exact[0] == '-';
        if (negative) exact = exact.Substring(1);
        int point = exact.IndexOf('.');
        string intPart = exact.Substring(0, point);
        string frac = exact.Substring(point + 1);
        var digits = new StringBuilder(intPart + frac.Substring(0, decimals));
        char next = frac[decimals];
        bool restNonZero = frac.AsSpan(decimals + 1).IndexOfAnyExcept('0') >= 0;
        bool roundUp = next > '5' || (next == '5' && (restNonZero || (digits.Length > 0 && (digits[^1] - '0') % 2 == 1)));
        if (roundUp)
        {
            int i = digits.Length - 1;
            while (i >= 0 && digits[i] == '9') { digits[i] = '0'; i--; }
            if (i >= 0) digits[i]++;
            else digits.Insert(0, '1');
        }
        string all = digits.ToString();
        string whole = all.Substring(0, all.Length - decimals);
        string result = decimals > 0 ? whole + "." + all.Substring(all.Length - decimals) : whole;
        return negative ? "-" + result : result; // Python keeps the sign of negative values that round to zero

    }
}
