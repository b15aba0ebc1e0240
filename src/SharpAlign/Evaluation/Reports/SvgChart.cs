using System.Globalization;
using System.Net;
using System.Text;

namespace SharpAlign.Evaluation.Reports;

/// <summary>A named series of (x, y) points.</summary>
/// <param name="Name">Legend label.</param>
/// <param name="Points">The points, in drawing order.</param>
public sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points);

/// <summary>
/// Small, dependency-free SVG charts for self-contained HTML reports: line charts (learning
/// curves), labelled scatter plots (the reward-vs-KL frontier) and grouped bars (before/after).
/// Output is deterministic text; non-finite points are skipped.
/// </summary>
public static class SvgChart
{
    private const int Width = 520, Height = 320, Left = 60, Right = 150, Top = 30, Bottom = 45;
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];

    /// <summary>The colour used for the series at <paramref name="index"/>.</summary>
    public static string Colour(int index) => Palette[index % Palette.Length];

    /// <summary>A line chart, one polyline per series.</summary>
    public static string Line(string title, string xLabel, string yLabel, IReadOnlyList<Series> series) =>
        Chart(title, xLabel, yLabel, series, drawLines: true, labelPoints: false);

    /// <summary>A scatter plot; with <paramref name="labelPoints"/> each point carries its series name.</summary>
    public static string Scatter(string title, string xLabel, string yLabel, IReadOnlyList<Series> series, bool labelPoints = true) =>
        Chart(title, xLabel, yLabel, series, drawLines: false, labelPoints);

    /// <summary>Grouped bars: one group per category, one bar per series (values may be negative).</summary>
    public static string Bars(string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series)
    {
        var values = series.SelectMany(s => s.Values).Where(double.IsFinite).Append(0).ToList();
        var (lo, hi) = Range(values.Min(), values.Max());
        var sb = Begin(title);
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        double Y(double v) => Top + plotH * (1 - (v - lo) / (hi - lo));
        AxesAndGrid(sb, lo, hi, Y, yLabel);
        double groupW = plotW / Math.Max(1, categories.Count);
        double barW = groupW * 0.8 / Math.Max(1, series.Count);
        for (int c = 0; c < categories.Count; c++)
        {
            double gx = Left + c * groupW + groupW * 0.1;
            for (int s = 0; s < series.Count; s++)
            {
                double v = c < series[s].Values.Count ? series[s].Values[c] : double.NaN;
                if (!double.IsFinite(v)) continue;
                double y0 = Y(0), y1 = Y(v);
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(gx + s * barW)}\" y=\"{F(Math.Min(y0, y1))}\" width=\"{F(barW * 0.92)}\" height=\"{F(Math.Abs(y1 - y0))}\" fill=\"{Colour(s)}\"><title>{Esc(series[s].Name)} {Esc(categories[c])}: {F(v)}</title></rect>\n");
            }
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(gx + groupW * 0.4)}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\" font-size=\"11\">{Esc(categories[c])}</text>\n");
        }
        Legend(sb, series.Select(s => s.Name).ToList());
        return sb.Append("</svg>\n").ToString();
    }

    private static string Chart(string title, string xLabel, string yLabel, IReadOnlyList<Series> series, bool drawLines, bool labelPoints)
    {
        var pts = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var (xlo, xhi) = pts.Count > 0 ? Range(pts.Min(p => p.X), pts.Max(p => p.X)) : (0, 1);
        var (ylo, yhi) = pts.Count > 0 ? Range(pts.Min(p => p.Y), pts.Max(p => p.Y)) : (0, 1);
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        double X(double v) => Left + plotW * (v - xlo) / (xhi - xlo);
        double Y(double v) => Top + plotH * (1 - (v - ylo) / (yhi - ylo));
        var sb = Begin(title);
        AxesAndGrid(sb, ylo, yhi, Y, yLabel);
        foreach (double t in Ticks(xlo, xhi))
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(t))}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\" font-size=\"11\">{Num(t)}</text>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + plotW / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\" font-size=\"12\">{Esc(xLabel)}</text>\n");
        for (int s = 0; s < series.Count; s++)
        {
            var good = series[s].Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
            if (drawLines && good.Count > 1)
                sb.Append($"<polyline fill=\"none\" stroke=\"{Colour(s)}\" stroke-width=\"1.8\" points=\"{string.Join(' ', good.Select(p => F(X(p.X)) + "," + F(Y(p.Y))))}\"/>\n");
            foreach (var p in good)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(p.X))}\" cy=\"{F(Y(p.Y))}\" r=\"{(drawLines ? 1.8 : 4.5)}\" fill=\"{Colour(s)}\"><title>{Esc(series[s].Name)}: ({Num(p.X)}, {Num(p.Y)})</title></circle>\n");
                if (labelPoints)
                    sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(p.X) + 6)}\" y=\"{F(Y(p.Y) - 6)}\" font-size=\"10\" fill=\"{Colour(s)}\">{Esc(series[s].Name)}</text>\n");
            }
        }
        Legend(sb, series.Select(s => s.Name).ToList());
        return sb.Append("</svg>\n").ToString();
    }

    private static StringBuilder Begin(string title)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" role=\"img\" aria-label=\"{Esc(title)}\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{Esc(title)}</text>\n");
        return sb;
    }

    private static void AxesAndGrid(StringBuilder sb, double lo, double hi, Func<double, double> y, string yLabel)
    {
        foreach (double t in Ticks(lo, hi))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(y(t))}\" y2=\"{F(y(t))}\" stroke=\"#e5e5e5\"/>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(y(t) + 4)}\" text-anchor=\"end\" font-size=\"11\">{Num(t)}</text>\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14,{Top + (Height - Top - Bottom) / 2}) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">{Esc(yLabel)}</text>\n");
    }

    private static void Legend(StringBuilder sb, IReadOnlyList<string> names)
    {
        for (int i = 0; i < names.Count; i++)
        {
            int y = Top + 8 + i * 16;
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right + 12}\" y=\"{y - 8}\" width=\"10\" height=\"10\" fill=\"{Colour(i)}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 27}\" y=\"{y + 1}\" font-size=\"11\">{Esc(names[i])}</text>\n");
        }
    }

    /// <summary>A padded, non-degenerate axis range.</summary>
    private static (double, double) Range(double lo, double hi)
    {
        if (hi - lo < 1e-12) { lo -= 0.5; hi += 0.5; }
        double pad = (hi - lo) * 0.05;
        return (lo - pad, hi + pad);
    }

    /// <summary>About five round tick values inside [lo, hi].</summary>
    internal static IEnumerable<double> Ticks(double lo, double hi)
    {
        double raw = (hi - lo) / 5;
        double mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1, 2, 5, 10 }.Select(m => m * mag).First(s => s >= raw);
        for (double t = Math.Ceiling(lo / step) * step; t <= hi + step * 1e-9; t += step)
            yield return Math.Abs(t) < step * 1e-9 ? 0 : t;
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    private static string Num(double v) => v.ToString(Math.Abs(v) >= 1000 ? "0" : "0.###", CultureInfo.InvariantCulture);
    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
