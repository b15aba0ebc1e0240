namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// Plain-data settings for scoring a whole corpus with any metric of <see cref="CorpusMetrics"/>
/// (what the <c>sharpalign metrics</c> command collects from its options). Each metric reads the
/// fields that concern it.
/// </summary>
public sealed record CorpusMetricSettings
{
    /// <summary>BLEU options (tokenizer, smoothing, effective order, max order, lower-casing).</summary>
    public BleuOptions Bleu { get; init; } = new();

    /// <summary>chrF options; for <c>chrf++</c> a word order of 0 is raised to 2.</summary>
    public ChrFOptions ChrF { get; init; } = new();

    /// <summary>TER options.</summary>
    public TerOptions Ter { get; init; } = new();

    /// <summary>ROUGE: apply NLTK's Porter stemmer to tokens longer than 3 characters.</summary>
    public bool RougeUseStemmer { get; init; }

    /// <summary>ROUGE corpus aggregation: "mean" (arithmetic mean of per-example P/R/F) or "bootstrap" (rouge-score's BootstrapAggregator, reporting mid).</summary>
    public string RougeAggregation { get; init; } = "mean";

    /// <summary>Seed of the bootstrap draws.</summary>
    public int Seed { get; init; } = 12345;

    /// <summary>Number of bootstrap samples (rouge-score default 1000).</summary>
    public int BootstrapSamples { get; init; } = 1000;

    /// <summary>METEOR α (NLTK default 0.9).</summary>
    public double MeteorAlpha { get; init; } = 0.9;

    /// <summary>METEOR β (NLTK default 3).</summary>
    public double MeteorBeta { get; init; } = 3.0;

    /// <summary>METEOR γ (NLTK default 0.5).</summary>
    public double MeteorGamma { get; init; } = 0.5;

    /// <summary>Decimals of the printed sacreBLEU score (sacreBLEU's API default 2; its CLI uses 1).</summary>
    public int Width { get; init; } = 2;

    /// <summary>Print sacreBLEU's short signature form.</summary>
    public bool ShortSignature { get; init; }
}
