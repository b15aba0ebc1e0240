namespace SharpAlign.Tokenization.PostProcessors;

/// <summary>
/// <c>TemplateProcessing</c> (single-sequence template): a list of pieces, each either the
/// sequence (<c>$A</c>, given as null) or a named special token's id list.
/// </summary>
internal sealed class TemplatePostProcessor(IReadOnlyList<int[]?> pieces) : IPostProcessor
{
    /// <inheritdoc />
    public List<int> AddSpecialTokens(List<int> ids)
    {
        var result = new List<int>(ids.Count + pieces.Count);
        foreach (var piece in pieces)
        {
            if (piece is null) result.AddRange(ids);
            else result.AddRange(piece);
        }
        return result;
    }
}
