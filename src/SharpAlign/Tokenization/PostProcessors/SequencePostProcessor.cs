namespace SharpAlign.Tokenization.PostProcessors;

/// <summary><c>Sequence</c>: applies each processor in order.</summary>
internal sealed class SequencePostProcessor(IReadOnlyList<IPostProcessor> steps) : IPostProcessor
{
    /// <inheritdoc />
    public List<int> AddSpecialTokens(List<int> ids)
    {
        foreach (var step in steps) ids = step.AddSpecialTokens(ids);
        return ids;
    }
}
