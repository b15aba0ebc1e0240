using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SharpAlign.Demo;

namespace SharpAlign.Tests.Demo;

/// <summary>Runs the quick demo end to end once (shared by the tests of this class) in a temp folder.</summary>
public sealed class QuickDemoFixture : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sa-demo-" + Guid.NewGuid().ToString("N"));
    public DemoOptions Options { get; }
    public DemoSummary Summary { get; }
    public List<string> Log { get; } = new();

    public QuickDemoFixture()
    {
        Options = DemoOptions.Quick() with { OutDir = Root };
        Summary = new DemoPipeline(Options, Log.Add).Run();
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, true);
    }
}

public sealed class DemoPipelineTests : IClassFixture<QuickDemoFixture>
{
    private readonly QuickDemoFixture _f;

    public DemoPipelineTests(QuickDemoFixture f) => _f = f;

    [Fact]
    public void EveryRunRaisesRewardByMoreThanThreeStandardErrorsAndStaysFluent()
    {
        Assert.Equal(_f.Options.Runs.Count, _f.Summary.Runs.Count);
        foreach (var r in _f.Summary.Runs)
        {
            // The before and after means come from independent samples of n = EvalPrompts × EvalSamplesPerPrompt
            // completions each; their difference has standard error √(se_b² + se_a²). Rewards lie in [−1, 1] with
            // a spread near 0.5 here, so with 256 samples one standard error is about 0.03: a rise of three of
            // them (≈ 0.1) cannot come from sampling noise (one-sided p < 0.0015).
            double se = Math.Sqrt(r.RewardBeforeStdError * r.RewardBeforeStdError + r.RewardAfterStdError * r.RewardAfterStdError);
            Assert.True(se > 0, $"{r.Name}: the rewards have no spread");
            Assert.True(r.RewardAfter - r.RewardBefore > 3 * se,
                $"{r.Name}: reward {r.RewardBefore:0.000} → {r.RewardAfter:0.000} is not 3 standard errors ({3 * se:0.000}) above the SFT model");
            Assert.True(r.FluencyBefore >= 0.85, $"the SFT model learnt the language: fluency {r.FluencyBefore:P1}");
            Assert.True(r.FluencyAfter >= 0.8 && r.FluencyAfter >= r.FluencyBefore - 0.15,
                $"{r.Name}: fluency {r.FluencyBefore:P1} → {r.FluencyAfter:P1}");
            Assert.True(r.Kl > 0 && double.IsFinite(r.Kl), $"{r.Name}: the policy moved away from the SFT model (KL {r.Kl})");
            Assert.True(r.TrainSeconds > 0);
        }
        // The SFT model is roughly neutral, as the corpus is: the improvement is not inherited.
        Assert.InRange(_f.Summary.Runs[0].RewardBefore, -0.15, 0.15);
    }

    [Fact]
    public void SummaryJsonHasEveryFieldForEveryRun()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_f.Root, "summary.json")));
        var root = doc.RootElement;
        Assert.True(root.GetProperty("elapsed_s").GetDouble() > 0);
        var runs = root.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(_f.Options.Runs.Count, runs.Count);
        for (int i = 0; i < runs.Count; i++)
        {
            Assert.Equal(_f.Options.Runs[i].LossType, runs[i].GetProperty("loss_type").GetString());
            Assert.Equal(_f.Options.Runs[i].Beta, runs[i].GetProperty("beta").GetDouble());
            foreach (var key in new[] { "reward_before", "reward_after", "kl", "fluency_before", "fluency_after", "train_seconds" })
                Assert.True(double.IsFinite(runs[i].GetProperty(key).GetDouble()), key);
        }
    }

    [Fact]
    public void ReportIsSelfContainedWithWellFormedChartsAndEverySection()
    {
        string html = File.ReadAllText(Path.Combine(_f.Root, "report.html"));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.EndsWith("</html>\n", html);
        foreach (var id in new[] { "frontier", "before-after", "learning-curves", "runs", "samples" })
            Assert.Contains($"id=\"{id}\"", html);
        Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:)?//|<script|<link", RegexOptions.IgnoreCase), html);

        var svgs = Regex.Matches(html, "<svg.*?</svg>", RegexOptions.Singleline).Select(m => XDocument.Parse(m.Value)).ToList();
        Assert.Equal(1 + 1 + DemoReport.CurveMetrics.Length, svgs.Count);
        XNamespace ns = "http://www.w3.org/2000/svg";
        // The frontier labels the SFT point and every run; each learning curve has one polyline per run.
        var labels = svgs[0].Descendants(ns + "text").Select(t => t.Value).ToHashSet();
        Assert.Contains("SFT", labels);
        foreach (var r in _f.Summary.Runs) Assert.Contains(r.Name, labels);
        // Before/after: a bar for the SFT model and for each run, in both groups (reward, fluency), bars carry a title, legend swatches do not.
        Assert.Equal(2 * (1 + _f.Summary.Runs.Count), svgs[1].Descendants(ns + "rect").Count(r => r.Element(ns + "title") is not null));
        foreach (var curve in svgs.Skip(2))
            Assert.Equal(_f.Summary.Runs.Count, curve.Descendants(ns + "polyline").Count());

        // The table and the samples name every run; samples hold one row per shown prompt.
        foreach (var r in _f.Summary.Runs) Assert.Contains($"<td>{r.Name}</td>", html);
        int sampleRows = Regex.Matches(html[html.IndexOf("id=\"samples\"", StringComparison.Ordinal)..], "<tr><td>").Count;
        Assert.Equal(_f.Options.ReportSamples, sampleRows);
    }

    [Fact]
    public void ASecondRunReusesEveryStageAndGivesTheSameResults()
    {
        var log = new List<string>();
        var again = new DemoPipeline(_f.Options, log.Add).Run();
        foreach (var stage in new[] { "[a] corpus: cached", "[b] tokenizer: cached", "[c] SFT model: cached", "[d] preference pairs: cached", "[f] evaluation sft: cached" })
            Assert.Contains(stage, log);
        foreach (var r in _f.Options.Runs)
        {
            Assert.Contains($"[e] {r.Name}: cached", log);
            Assert.Contains($"[f] evaluation {r.Name}: cached", log);
        }
        Assert.Equal(_f.Summary.Runs, again.Runs);
    }

    [Fact]
    public void TheHfFoldersAndDatasetsAreWritten()
    {
        foreach (var f in new[] { "tokenizer/tokenizer.json", "sft/model/model.safetensors", "sft/model/config.json", "sft/model/tokenizer.json", "pairs/pairs.jsonl", "pairs/pairs.text.jsonl" })
            Assert.True(File.Exists(Path.Combine(_f.Root, f)), f);
        foreach (var r in _f.Options.Runs)
            Assert.True(File.Exists(Path.Combine(_f.Root, "runs", r.Name, "metrics.jsonl")), r.Name);
        using var first = JsonDocument.Parse(File.ReadLines(Path.Combine(_f.Root, "pairs/pairs.text.jsonl")).First());
        Assert.True(first.RootElement.GetProperty("chosen_reward").GetDouble() > first.RootElement.GetProperty("rejected_reward").GetDouble());
    }
}
