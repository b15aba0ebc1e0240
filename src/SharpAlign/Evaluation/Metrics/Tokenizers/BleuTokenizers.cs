namespace SharpAlign.Evaluation.Metrics.Tokenizers;

/// <summary>The sacreBLEU tokenizers by the names sacreBLEU uses.</summary>
public static class BleuTokenizers
{
    /// <summary>Names accepted by <see cref="Create"/>.</summary>
    public static readonly IReadOnlyList<string> Names = ["13a", "intl", "none", "char", "zh"];

    /// <summary>Creates the tokenizer called <paramref name="name"/>; throws <see cref="InputException"/> for an unknown or unsupported one.</summary>
    public static IBleuTokenizer Create(string name) => name switch
    {
        "13a" => new Tokenizer13a(),
        "intl" => new TokenizerIntl(),
        "none" => new TokenizerNone(),
        "char" => new TokenizerChar(),
        "zh" => new TokenizerZh(),
        "ja-mecab" or "ko-mecab" or "spm" or "flores101" or "flores200" or "spBLEU-1K" =>
            throw new InputException($"BLEU tokenizer '{name}' needs MeCab or a SentencePiece model, which SharpAlign does not ship; use one of {string.Join(", ", Names)}"),
        _ => throw new InputException($"unknown BLEU tokenizer '{name}'; expected one of {string.Join(", ", Names)}"),
    };
}
