using SharpAlign.Tokenization.Text;

namespace SharpAlign.Tokenization.PreTokenizers;

/// <summary><c>BertPreTokenizer</c>: splits on whitespace (dropped), then isolates every punctuation character.</summary>
internal sealed class BertPreTokenizer : IPreTokenizer
{
    private static readonly CharClassPreTokenizer Whitespace = CharClassPreTokenizer.WhitespaceSplit();
    private static readonly CharClassPreTokenizer Punctuation = CharClassPreTokenizer.Punctuation(SplitBehavior.Isolated);

    /// <inheritdoc />
    public void Split(PreToken piece, List<PreToken> output)
    {
        var words = new List<PreToken>();
        Whitespace.Split(piece, words);
        foreach (var w in words) Punctuation.Split(w, output);
    }
}
