namespace SharpAlign.Tokenization.PostProcessors;

/// <summary>The <c>ByteLevel</c> post-processor: it only trims offsets, so the ids are unchanged.</summary>
internal sealed class NoOpPostProcessor : IPostProcessor
{
    /// <inheritdoc />
    public List<int> AddSpecialTokens(List<int> ids) => ids;
}
