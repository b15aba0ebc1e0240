namespace SharpAlign.Tokenization.PreTokenizers;

/// <summary>
/// A tokenizer.json <c>pre_tokenizer</c>: splits each piece into smaller pieces (and may rewrite
/// them), as the Hugging Face library does split by split. Empty pieces are dropped.
/// </summary>
internal interface IPreTokenizer
{
    /// <summary>Appends the pieces <paramref name="piece"/> becomes to <paramref name="output"/>.</summary>
    void Split(PreToken piece, List<PreToken> output);
}
