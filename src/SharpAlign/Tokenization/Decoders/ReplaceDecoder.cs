using SharpAlign.Tokenization.Normalizers;

namespace SharpAlign.Tokenization.Decoders;

/// <summary><c>Replace</c>: applies a literal or regex replacement to every token.</summary>
internal sealed class ReplaceDecoder(ReplaceNormalizer replace) : IDecoder
{
    /// <inheritdoc />
    public List<string> DecodeChain(List<string> tokens) => tokens.Select(replace.Apply).ToList();
}
