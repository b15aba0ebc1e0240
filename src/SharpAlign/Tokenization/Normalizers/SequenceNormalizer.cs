namespace SharpAlign.Tokenization.Normalizers;

/// <summary><c>Sequence</c>: applies each normalizer in order.</summary>
internal sealed class SequenceNormalizer(IReadOnlyList<INormalizer> steps) : INormalizer
{
    /// <inheritdoc />
    public string Normalize(string text)
    {
        foreach (var step in steps) text = step.Normalize(text);
        return text;
    }
}
