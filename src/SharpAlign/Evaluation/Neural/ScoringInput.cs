namespace SharpAlign.Evaluation.Neural;

/// <summary>
/// One item to score with a learned metric. Which fields a scorer reads depends on its
/// <see cref="ScorerInputs"/>: COMET-style MT metrics read (source, hypothesis, references),
/// BERTScore reads (hypothesis, references), reference-free quality estimation (CometKiwi) reads
/// (source, hypothesis), and a reward model reads (source = the prompt, hypothesis = the response).
/// </summary>
/// <param name="Hypothesis">The system output (translation, summary, response) being scored.</param>
/// <param name="References">Reference texts; empty for reference-free scorers.</param>
/// <param name="Source">The source sentence or prompt, where the scorer uses one; otherwise null.</param>
public sealed record ScoringInput(string Hypothesis, IReadOnlyList<string> References, string? Source = null);
