namespace SharpAlign.Evaluation.Metrics;

/// <summary>Options of sacreBLEU's <c>CHRF</c> metric (sacrebleu/metrics/chrf.py), named as there; defaults give chrF2, word_order 2 gives chrF++.</summary>
public sealed record ChrFOptions
{
    /// <summary>Character n-gram order (default 6).</summary>
    public int CharOrder { get; init; } = 6;

    /// <summary>Word n-gram order (default 0; 2 = chrF++).</summary>
    public int WordOrder { get; init; }

    /// <summary>Recall weight β (default 2).</summary>
    public double Beta { get; init; } = 2;

    /// <summary>Lower-case (Python <c>str.lower()</c>) first.</summary>
    public bool Lowercase { get; init; }

    /// <summary>Keep whitespace characters in character n-grams (default: remove them all).</summary>
    public bool Whitespace { get; init; }

    /// <summary>chrF++.py/Moses/NLTK-style epsilon smoothing (average of per-order F) instead of effective-order averaging.</summary>
    public bool EpsSmoothing { get; init; }

    /// <summary>Throws <see cref="InputException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (CharOrder < 0 || WordOrder < 0 || CharOrder + WordOrder == 0)
            throw new InputException($"chrF needs char_order ≥ 0 and word_order ≥ 0 with at least one positive, got {CharOrder} and {WordOrder}");
        if (!(Beta >= 0) || double.IsInfinity(Beta))
            throw new InputException($"chrF beta must be a non-negative number, got {Beta}");
    }
}
