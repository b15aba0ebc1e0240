namespace SharpAlign.Tokenization.Decoders;

/// <summary><c>Sequence</c>: applies each decoder to the previous one's output.</summary>
internal sealed class SequenceDecoder(IReadOnlyList<IDecoder> steps) : IDecoder
{
    /// <inheritdoc />
    public List<string> DecodeChain(List<string> tokens)
    {
        foreach (var step in steps) tokens = step.DecodeChain(tokens);
        return tokens;
    }
}
