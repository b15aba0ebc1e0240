namespace SharpAlign.Evaluation.Neural;

/// <summary>
/// A learned metric's verdict on one <see cref="ScoringInput"/>.
/// </summary>
/// <param name="Score">The headline number as the Python tool reports it per segment (COMET: the regression output, roughly 0–1;
/// BERTScore: F1; reward model: the scalar head's output at the last non-padding token).</param>
/// <param name="Components">Named sub-scores, e.g. BERTScore's "precision", "recall", "f1"; empty when there are none.</param>
/// <param name="ErrorSpans">Error spans for metrics that predict them (XCOMET); empty otherwise.</param>
public sealed record SegmentScore(double Score, IReadOnlyDictionary<string, double> Components, IReadOnlyList<ErrorSpan> ErrorSpans);

/// <summary>An error span in the hypothesis, as XCOMET reports it in <c>metadata.error_spans</c>.</summary>
/// <param name="Start">Start character offset in the hypothesis (code points, as Python counts).</param>
/// <param name="End">End character offset (exclusive).</param>
/// <param name="Text">The span's text.</param>
/// <param name="Severity">"minor", "major" or "critical".</param>
/// <param name="Confidence">The model's confidence in the span.</param>
public sealed record ErrorSpan(int Start, int End, string Text, string Severity, double Confidence);
