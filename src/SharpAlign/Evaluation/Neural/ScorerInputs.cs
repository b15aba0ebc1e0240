namespace SharpAlign.Evaluation.Neural;

/// <summary>Which fields of <see cref="ScoringInput"/> a learned metric needs.</summary>
[Flags]
public enum ScorerInputs
{
    /// <summary>The hypothesis only (always required).</summary>
    Hypothesis = 0,

    /// <summary>At least one reference (COMET, XCOMET with references, BERTScore).</summary>
    References = 1,

    /// <summary>The source sentence or prompt (COMET, CometKiwi, XCOMET, reward models).</summary>
    Source = 2,
}
