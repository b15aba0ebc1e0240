using System.Text.Json;
using System.Text.Json.Nodes;
using SharpAlign.Evaluation.Metrics;

namespace SharpAlign.Evaluation.Generation;

/// <summary>Head-to-head result of model A against model B on the same examples by one per-example metric.</summary>
/// <param name="Metric">The metric compared (TER: lower wins).</param>
/// <param name="Wins">Examples where A scores better.</param>
/// <param name="Ties">Examples with equal scores.</param>
/// <param name="Losses">Examples where B scores better.</param>
public sealed record WinRate(string Metric, int Wins, int Ties, int Losses)
{
    /// <summary>(wins + ties/2) / examples.</summary>
    public double Rate => (Wins + 0.5 * Ties) / Math.Max(1, Wins + Ties + Losses);

    /// <summary>Compares per-example scores (same order); higher is better unless the metric is TER.</summary>
    public static WinRate Compute(string metric, IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new InputException($"win rate: {a.Count} examples against {b.Count}");
        int wins = 0, ties = 0, losses = 0;
        bool higher = SentenceMetrics.HigherIsBetter(metric);
        for (int i = 0; i < a.Count; i++)
        {
            if (a[i] == b[i]) ties++;
            else if ((a[i] > b[i]) == higher) wins++;
            else losses++;
        }
        return new WinRate(metric, wins, ties, losses);
    }

    /// <summary>Reads the per-example scores of <paramref name="metric"/> from another run's <c>predictions.jsonl</c>, in index order.</summary>
    public static List<double> ReadScores(string runDirectory, string metric)
    {
        string path = Path.Combine(runDirectory, EvalReportWriter.PredictionsFile);
        if (!File.Exists(path)) throw new InputException($"--compare: {path} not found (give the --out folder of an earlier eval run)");
        var scores = new List<double>();
        int line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            JsonNode? node;
            try { node = JsonNode.Parse(text); }
            catch (JsonException e) { throw new InputException($"{path}:{line}: not valid JSON: {e.Message}", e); }
            if (node?["scores"]?[metric] is not JsonValue v || !v.TryGetValue(out double s))
                throw new InputException($"{path}:{line}: no scores.{metric} (that run was not scored with {metric})");
            if (node["index"]?.GetValue<int>() != scores.Count)
                throw new InputException($"{path}:{line}: expected index {scores.Count}; both runs must cover the same examples in order");
            scores.Add(s);
        }
        return scores;
    }
}
