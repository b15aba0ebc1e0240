using System.Globalization;
using System.Text;

namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// Python's <c>datetime.strftime</c> in the C locale (English names), for the <c>strftime_now</c>
/// global. Supports the common directives and glibc's "-" flag (no padding, e.g. "%-d").
/// </summary>
internal static class PythonStrftime
{
    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>Formats <paramref name="t"/>; an unknown directive is an error raised through <paramref name="fail"/>.</summary>
    public static string Format(DateTime t, string format, Func<string, Exception> fail)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length) { sb.Append(format[i]); continue; }
            char d = format[++i];
            bool pad = true;
            if (d == '-' && i + 1 < format.Length) { pad = false; d = format[++i]; }
            string Num(int v, int width) => pad ? v.ToString(new string('0', width), CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);
            int hour12 = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
            sb.Append(d switch
            {
                'a' => Days[(int)t.DayOfWeek][..3],
                'A' => Days[(int)t.DayOfWeek],
                'w' => ((int)t.DayOfWeek).ToString(CultureInfo.InvariantCulture),
                'd' => Num(t.Day, 2),
                'e' => pad ? t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) : t.Day.ToString(CultureInfo.InvariantCulture),
                'b' or 'h' => Months[t.Month - 1][..3],
                'B' => Months[t.Month - 1],
                'm' => Num(t.Month, 2),
                'y' => Num(t.Year % 100, 2),
                'Y' => t.Year.ToString(CultureInfo.InvariantCulture),
                'H' => Num(t.Hour, 2),
                'I' => Num(hour12, 2),
                'p' => t.Hour < 12 ? "AM" : "PM",
                'M' => Num(t.Minute, 2),
                'S' => Num(t.Second, 2),
                'f' => (t.Ticks % TimeSpan.TicksPerSecond / 10).ToString("000000", CultureInfo.InvariantCulture),
                'j' => Num(t.DayOfYear, 3),
                'z' => "",
                'Z' => "",
                'F' => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                'T' => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                '%' => "%",
                _ => throw fail($"strftime_now: unsupported directive '%{d}'"),
            });
        }
        return sb.ToString();
    }
}
