namespace SharpAlign.Evaluation.Metrics.Tokenizers;

/// <summary>sacreBLEU's <c>none</c> tokenizer: the segment unchanged (tokens are its whitespace-separated pieces).</summary>
public sealed class TokenizerNone : IBleuTokenizer
{
    /// <inheritdoc />
    public string Name => "none";

    /// <inheritdoc />
    public string Tokenize(string line) => line;
}
