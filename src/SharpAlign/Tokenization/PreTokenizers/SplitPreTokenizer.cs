using SharpAlign.Tokenization.Text;

namespace SharpAlign.Tokenization.PreTokenizers;

/// <summary><c>Split</c>: splits on a regex or literal string pattern with the given behaviour, optionally inverted.</summary>
internal sealed class SplitPreTokenizer(IPatternMatcher pattern, SplitBehavior behavior, bool invert) : IPreTokenizer
{
    [ThreadStatic] private static List<(int, int)>? _matches;

    /// <inheritdoc />
    public void Split(PreToken piece, List<PreToken> output)
    {
        var matches = _matches ??= new List<(int, int)>();
        matches.Clear();
        pattern.FindAll(piece.Text, matches);
        Splitter.Apply(piece, matches, behavior, invert, output);
    }
}
