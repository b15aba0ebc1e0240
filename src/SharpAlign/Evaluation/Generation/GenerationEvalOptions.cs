using SharpAlign.Evaluation.Metrics;
using SharpAlign.Models.Generation;

namespace SharpAlign.Evaluation.Generation;

/// <summary>Settings of a generation-based evaluation (plain data).</summary>
public sealed record GenerationEvalOptions
{
    /// <summary>Metric names (see <see cref="CorpusMetrics.Names"/>), scored in this order.</summary>
    public required IReadOnlyList<string> Metrics { get; init; }

    /// <summary>Decoding settings (greedy when temperature is 0). The seed of batch b is <c>Seed + b</c>.</summary>
    public SamplingOptions Sampling { get; init; } = new();

    /// <summary>Prompts generated together (one KV-cached batch).</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Metric options (tokenizers, smoothing, stemming, …).</summary>
    public CorpusMetricSettings MetricSettings { get; init; } = new();
}

