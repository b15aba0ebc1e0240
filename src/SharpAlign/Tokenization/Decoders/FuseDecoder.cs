namespace SharpAlign.Tokenization.Decoders;

/// <summary><c>Fuse</c>: joins all tokens into one.</summary>
internal sealed class FuseDecoder : IDecoder
{
    /// <inheritdoc />
    public List<string> DecodeChain(List<string> tokens) => [string.Concat(tokens)];
}
