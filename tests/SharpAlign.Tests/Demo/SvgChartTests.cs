using System.Xml.Linq;
using SharpAlign.Evaluation.Reports;

namespace SharpAlign.Tests.Demo;

public class SvgChartTests
{
    [Fact]
    public void LineChartIsWellFormedSvgWithOnePolylinePerSeries()
    {
        var svg = SvgChart.Line("loss <&>", "step", "loss",
        [
            new Series("sigmoid", [(0, 0.69), (1, 0.5), (2, double.NaN), (3, 0.3)]),
            new Series("ipo", [(0, 1.0), (3, 0.2)]),
        ]);
        var doc = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(2, doc.Descendants(ns + "polyline").Count());
        Assert.Equal(5, doc.Descendants(ns + "circle").Count());  // the NaN point is skipped
        Assert.Contains("loss &lt;&amp;&gt;", svg);
    }

    [Fact]
    public void ScatterLabelsEachPointAndBarsHandleNegatives()
    {
        var scatter = XDocument.Parse(SvgChart.Scatter("frontier", "KL", "reward", [new Series("dpo b=0.1", [(0.5, 0.4)])]));
        Assert.Contains(scatter.Descendants(), e => e.Name.LocalName == "text" && e.Value == "dpo b=0.1");
        var bars = XDocument.Parse(SvgChart.Bars("reward", "mean", ["before", "after"], [("sigmoid", [-0.1, 0.6])]));
        Assert.Equal(2 + 1, bars.Descendants().Count(e => e.Name.LocalName == "rect"));  // two bars + one legend swatch
    }

    [Theory]
    [InlineData(0, 1, new[] { 0, 0.2, 0.4, 0.6, 0.8, 1 })]
    [InlineData(-0.3, 0.7, new[] { -0.2, 0, 0.2, 0.4, 0.6 })]
    public void TicksAreRound(double lo, double hi, double[] expected) =>
        Assert.Equal(expected, SvgChart.Ticks(lo, hi).Select(t => Math.Round(t, 9)));
}
