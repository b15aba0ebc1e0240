namespace SharpAlign.Evaluation.Generation;

/// <summary>What <c>sharpalign eval</c> measures.</summary>
public enum EvalTask
{
    /// <summary>Generate a translation per prompt and score it against the reference(s) (default metrics chrF, BLEU).</summary>
    Translation,

    /// <summary>Generate a summary per prompt and score it against the reference(s) (default metrics ROUGE-1/2/Lsum).</summary>
    Summarization,

    /// <summary>Implicit-reward accuracy and margin of a policy against its reference on preference pairs (no generation).</summary>
    Preference,
}
