namespace SharpAlign.Evaluation.Metrics;

/// <summary>A corpus score: the metric's display name, the headline number, the signature (sacreBLEU metrics) and the printed line.</summary>
public sealed record CorpusMetricResult(string Name, double Score, string? Signature, string Line)
{
    /// <summary>Extra numbers worth reporting (ROUGE precision/recall, bootstrap low/high, …), by name.</summary>
    public IReadOnlyDictionary<string, double> Details { get; init; } = new Dictionary<string, double>();

    /// <summary>Per-segment scores where the metric defines them (sentence-level values), else null.</summary>
    public IReadOnlyList<double>? SegmentScores { get; init; }
}
