namespace SharpAlign.Evaluation.Metrics;

/// <summary>A ROUGE result: precision, recall and F1 in 0–1 (rouge-score's <c>Score</c> tuple).</summary>
public readonly record struct RougeScore(double Precision, double Recall, double FMeasure)
{
    /// <summary>Builds the score from P and R with F = 2PR/(P+R), 0 when P+R = 0 (rouge-score's <c>scoring.fmeasure</c>).</summary>
    public static RougeScore FromPrecisionRecall(double precision, double recall) =>
        new(precision, recall, precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0);
}
