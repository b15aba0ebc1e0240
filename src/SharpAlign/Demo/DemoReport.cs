using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using SharpAlign.Evaluation.Reports;

namespace SharpAlign.Demo;

/// <summary>
/// Writes the demo's results: <c>summary.json</c> and a self-contained <c>report.html</c> (inline SVG,
/// no scripts or external files) with the reward-vs-KL frontier, reward and fluency before/after,
/// learning curves from each run's <c>metrics.jsonl</c>, a table of all runs and sample completions.
/// </summary>
public static class DemoReport
{
    /// <summary>The metrics plotted as learning curves (TRL's names in metrics.jsonl).</summary>
    public static readonly string[] CurveMetrics = ["loss", "rewards/margins", "rewards/accuracies"];

    /// <summary>Writes both files into <paramref name="dir"/>; <paramref name="metricsFiles"/> are in run order.</summary>
    public static void Write(string dir, DemoSummary summary, PolicyEvaluation before, IReadOnlyList<PolicyEvaluation> after, IReadOnlyList<string> metricsFiles)
    {
        File.WriteAllText(Path.Combine(dir, "summary.json"), JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.WriteAllText(Path.Combine(dir, "report.html"), Html(summary, before, after, metricsFiles));
    }

    /// <summary>The report page.</summary>
    public static string Html(DemoSummary s, PolicyEvaluation before, IReadOnlyList<PolicyEvaluation> after, IReadOnlyList<string> metricsFiles)
    {
        var runs = s.Runs;
        var sb = new StringBuilder();
        sb.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>SharpAlign demo report</title>
            <style>
            body{font-family:system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#222}
            h1{margin-bottom:4px} h2{margin-top:32px;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;font-size:14px} td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
            th{background:#f4f4f4} td.num{text-align:right;font-variant-numeric:tabular-nums}
            .charts{display:flex;flex-wrap:wrap;gap:12px} .note{color:#555;font-size:14px} .bad{color:#b00}
            </style></head><body>
            <h1>SharpAlign demo: controlled sentiment</h1>
            """);
        sb.Append(CultureInfo.InvariantCulture, $"""
            <p class="note">A tiny Llama model learnt a synthetic review language with the SFT trainer; {s.Pairs} preference pairs were built by sampling
            its completions and ranking them with the ground-truth sentiment reward (the DPO paper's controlled-sentiment experiment in miniature).
            Each run below fine-tunes the SFT model with one loss and β, then is evaluated on {s.EvalSamples} sampled completions of held-out prompts.
            Seed {s.Seed}; this invocation took {s.ElapsedSeconds:0.0} s.</p>

            """);

        sb.Append("<h2 id=\"frontier\">Reward vs KL frontier</h2>\n<p class=\"note\">Up: higher mean reward (better aligned). Right: further from the SFT model " +
                  "(KL(policy‖SFT) in nats per completion, estimated from the policy's own samples). The best methods sit top-left.</p>\n");
        // Runs first, the SFT model last, so that every chart gives a run the same colour.
        var frontier = runs.Select(r => new Series(r.Name, [(r.Kl, r.RewardAfter)])).Append(new Series("SFT", [(0.0, before.Reward)])).ToList();
        sb.Append(SvgChart.Scatter("Reward vs KL(policy ‖ SFT)", "KL (nats)", "mean reward", frontier));

        sb.Append("<h2 id=\"before-after\">Before and after</h2>\n<p class=\"note\">Every run against the SFT model (the last bar of each group): " +
                  "mean reward of sampled completions, and fluency, the share of them the grammar accepts.</p>\n");
        var bars = runs.Select(r => (r.Name, (IReadOnlyList<double>)[r.RewardAfter, r.FluencyAfter])).ToList();
        bars.Add(("SFT", [before.Reward, before.Fluency]));
        sb.Append(SvgChart.Bars("Reward and fluency, before and after", "value", ["mean reward", "fluency"], bars));

        sb.Append("<h2 id=\"learning-curves\">Learning curves</h2>\n<div class=\"charts\">\n");
        var curves = metricsFiles.Select(ReadMetrics).ToList();
        foreach (var metric in CurveMetrics)
        {
            var series = runs.Select((r, i) => new Series(r.Name, curves[i].Where(p => p.Metrics.ContainsKey(metric)).Select(p => ((double)p.Step, p.Metrics[metric])).ToList())).ToList();
            sb.Append(SvgChart.Line(metric, "step", metric, series));
        }
        sb.Append("</div>\n");

        sb.Append("<h2 id=\"runs\">All runs</h2>\n<table>\n<tr><th>run</th><th>loss_type</th><th>β</th><th>reward before</th><th>reward after</th>" +
                  "<th>KL (nats)</th><th>fluency before</th><th>fluency after</th><th>tokens after</th><th>train s</th></tr>\n");
        foreach (var r in runs)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{Esc(r.Name)}</td><td>{Esc(r.LossType)}</td><td class=\"num\">{r.Beta:0.###}</td>" +
                $"<td class=\"num\">{r.RewardBefore:+0.000;-0.000} ± {r.RewardBeforeStdError:0.000}</td><td class=\"num\">{r.RewardAfter:+0.000;-0.000} ± {r.RewardAfterStdError:0.000}</td>" +
                $"<td class=\"num\">{r.Kl:0.00} ± {r.KlStdError:0.00}</td><td class=\"num\">{r.FluencyBefore:P1}</td><td class=\"num\">{r.FluencyAfter:P1}</td>" +
                $"<td class=\"num\">{r.MeanTokensAfter:0.0}</td><td class=\"num\">{r.TrainSeconds:0.0}</td></tr>\n");
        sb.Append("</table>\n<p class=\"note\">± is one standard error of the mean over the sampled completions.</p>\n");

        sb.Append("<h2 id=\"samples\">Sample completions</h2>\n<p class=\"note\">The first sample of each of the first held-out prompts; " +
                  "<span class=\"bad\">red</span> marks a completion the grammar rejects (or one that never ended).</p>\n<table>\n<tr><th>prompt</th><th>SFT</th>");
        foreach (var r in runs) sb.Append("<th>").Append(Esc(r.Name)).Append("</th>");
        sb.Append("</tr>\n");
        int stride = Math.Max(1, s.EvalSamplesPerPrompt);
        var firsts = before.Samples.Where((_, i) => i % stride == 0).ToList();
        var afterFirsts = after.Select(a => a.Samples.Where((_, i) => i % stride == 0).ToList()).ToList();
        for (int i = 0; i < firsts.Count; i++)
        {
            sb.Append("<tr><td>").Append(Esc(firsts[i].Prompt)).Append("</td>").Append(Cell(firsts[i]));
            foreach (var a in afterFirsts) sb.Append(i < a.Count ? Cell(a[i]) : "<td></td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</table>\n</body></html>\n");
        return sb.ToString();
    }

    private static string Cell(SampledCompletion c) =>
        string.Create(CultureInfo.InvariantCulture, $"<td{(c.Fluent ? "" : " class=\"bad\"")}>{Esc(c.Text)} <small>({c.Reward:+0.00;-0.00})</small></td>");

    /// <summary>The logged training steps of one metrics.jsonl: step and every numeric field.</summary>
    public static List<(int Step, Dictionary<string, double> Metrics)> ReadMetrics(string path)
    {
        var list = new List<(int, Dictionary<string, double>)>();
        if (!File.Exists(path)) return list;
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (!root.TryGetProperty("step", out var step) || !root.TryGetProperty("loss", out _)) continue;
            var m = new Dictionary<string, double>();
            foreach (var p in root.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.Number) m[p.Name] = p.Value.GetDouble();
            list.Add((step.GetInt32(), m));
        }
        return list;
    }

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
