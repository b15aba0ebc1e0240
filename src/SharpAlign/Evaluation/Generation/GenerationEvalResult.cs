using SharpAlign.Evaluation.Metrics;

namespace SharpAlign.Evaluation.Generation;

/// <summary>One generated output with its per-metric sentence scores.</summary>
public sealed record GenerationPrediction(int Index, string Prompt, IReadOnlyList<string> References, string Hypothesis, int NewTokens,
    IReadOnlyDictionary<string, double> Scores);

/// <summary>The outputs and corpus scores of a generation-based evaluation.</summary>
public sealed record GenerationEvalResult(IReadOnlyList<GenerationPrediction> Predictions, IReadOnlyList<CorpusMetricResult> Corpus,
    double Seconds, long GeneratedTokens);

