namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// Options of sacreBLEU's <c>BLEU</c> metric (sacrebleu/metrics/bleu.py), named as there. Defaults are
/// those of the <c>BLEU()</c> object and <c>corpus_bleu</c>; <c>sentence_bleu</c> uses
/// <see cref="EffectiveOrder"/> = true.
/// </summary>
public sealed record BleuOptions
{
    /// <summary>Tokenizer name: 13a (default), intl, none, char, zh.</summary>
    public string Tokenize { get; init; } = "13a";

    /// <summary>Lower-case (Python <c>str.lower()</c>) hypothesis and references first.</summary>
    public bool Lowercase { get; init; }

    /// <summary>Smoothing: exp (default), floor, add-k, none.</summary>
    public string SmoothMethod { get; init; } = "exp";

    /// <summary>Smoothing value for floor (default 0.1) and add-k (default 1); null = the default.</summary>
    public double? SmoothValue { get; init; }

    /// <summary>Average only over the orders for which the hypothesis has n-grams at all.</summary>
    public bool EffectiveOrder { get; init; }

    /// <summary>Highest n-gram order (default 4).</summary>
    public int MaxNgramOrder { get; init; } = 4;

    /// <summary>The smoothing value actually used: <see cref="SmoothValue"/> or the method's default.</summary>
    public double EffectiveSmoothValue => SmoothValue ?? SmoothMethod switch { "floor" => 0.1, "add-k" => 1.0, _ => 0.0 };

    /// <summary>Throws <see cref="InputException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (SmoothMethod is not ("exp" or "floor" or "add-k" or "none"))
            throw new InputException($"BLEU smooth_method '{SmoothMethod}' is not one of exp, floor, add-k, none");
        if (MaxNgramOrder < 1)
            throw new InputException($"BLEU max_ngram_order must be at least 1, got {MaxNgramOrder}");
    }
}
