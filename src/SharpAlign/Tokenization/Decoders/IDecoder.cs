namespace SharpAlign.Tokenization.Decoders;

/// <summary>
/// A tokenizer.json <c>decoder</c>: rewrites the list of token strings (tokenizers'
/// <c>decode_chain</c>); the final text is the concatenation of the result.
/// </summary>
internal interface IDecoder
{
    /// <summary>The rewritten token list.</summary>
    List<string> DecodeChain(List<string> tokens);
}
