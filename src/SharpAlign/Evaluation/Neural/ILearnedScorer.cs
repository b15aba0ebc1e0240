namespace SharpAlign.Evaluation.Neural;

/// <summary>
/// A learned (neural) evaluation metric loaded from a local model folder: COMET / XCOMET
/// (Unbabel; reference-based or reference-free quality estimation), BERTScore (contextual
/// embeddings), or a reward model (a causal LM with a scalar head). No network access: the folder
/// must hold everything — Hugging Face layout (<c>config.json</c>, <c>*.safetensors</c>,
/// <c>tokenizer.json</c> / <c>tokenizer_config.json</c>) plus, for COMET, the checkpoint's
/// <c>hparams.yaml</c> (encoder name, pooling, layer-wise attention) and the regression head.
/// SharpAlign defines this seam so that evaluation and training code can take "a scorer" without
/// knowing which; no learned scorer is implemented yet (their weights cannot be shipped, and parity
/// with Python is only a float-tolerance comparison of the same forward pass, see metrics.md §6).
/// <para>Contract for implementations:</para>
/// <list type="bullet">
/// <item>Scores are per input, in input order, computed in batches of <see cref="ScorerOptions.BatchSize"/>;
/// the result must not depend on the batch size beyond float rounding.</item>
/// <item>Inputs lacking a field named in <see cref="Inputs"/> are rejected with <see cref="InputException"/>
/// naming the input index and the missing field.</item>
/// <item>With several references, BERTScore takes the maximum over references separately for P, R
/// and F (as bert_score does); COMET-style scorers score each reference and report the mean unless
/// documented otherwise.</item>
/// <item><see cref="Signature"/> identifies model, layer, idf/rescaling and library version in the
/// style of the Python tool (bert_score's hash, e.g. <c>roberta-large_L17_no-idf_version=…</c>;
/// COMET's model name), so numbers can be reported reproducibly.</item>
/// </list>
/// </summary>
public interface ILearnedScorer : IDisposable
{
    /// <summary>Short metric name, e.g. "COMET", "XCOMET", "BERTScore", "reward".</summary>
    string Name { get; }

    /// <summary>The local model folder the scorer was loaded from.</summary>
    string ModelDirectory { get; }

    /// <summary>The fields each input must carry.</summary>
    ScorerInputs Inputs { get; }

    /// <summary>Reproducibility signature (model, layer, options, version).</summary>
    string Signature { get; }

    /// <summary>Scores every input; the corpus score of COMET-style metrics is the mean of the segment scores.</summary>
    IReadOnlyList<SegmentScore> Score(IReadOnlyList<ScoringInput> inputs, CancellationToken cancellationToken = default);
}
