namespace SharpAlign.Evaluation.Metrics;

/// <summary>Options of sacreBLEU's <c>TER</c> metric (sacrebleu/metrics/ter.py), named as there; the defaults reproduce TERCOM.</summary>
public sealed record TerOptions
{
    /// <summary>Apply the mteval-like western normalisation (and CJK splitting with <see cref="AsianSupport"/>).</summary>
    public bool Normalized { get; init; }

    /// <summary>Remove the punctuation <c>. , ? : ; ! " ( )</c> (plus CJK punctuation with <see cref="AsianSupport"/>).</summary>
    public bool NoPunct { get; init; }

    /// <summary>Special treatment of CJK characters in normalisation and punctuation removal.</summary>
    public bool AsianSupport { get; init; }

    /// <summary>Keep case (default: lower-case everything).</summary>
    public bool CaseSensitive { get; init; }
}
