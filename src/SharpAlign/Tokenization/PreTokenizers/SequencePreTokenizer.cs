namespace SharpAlign.Tokenization.PreTokenizers;

/// <summary><c>Sequence</c>: applies each pre-tokenizer in turn to every piece the previous one produced.</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> steps) : IPreTokenizer
{
    /// <inheritdoc />
    public void Split(PreToken piece, List<PreToken> output)
    {
        var current = new List<PreToken> { piece };
        var next = new List<PreToken>();
        foreach (var step in steps)
        {
            next.Clear();
            foreach (var p in current) step.Split(p, next);
            (current, next) = (next, current);
        }
        output.AddRange(current);
    }
}
