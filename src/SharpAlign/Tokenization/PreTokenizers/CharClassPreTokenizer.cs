using SharpAlign.Tokenization.Text;

namespace SharpAlign.Tokenization.PreTokenizers;

/// <summary>
/// Splits on single code points of one class, each code point a match: <c>Digits</c>
/// (numeric, Isolated or Contiguous), <c>Punctuation</c> (with its behaviour) and
/// <c>WhitespaceSplit</c> (White_Space, Removed).
/// </summary>
internal sealed class CharClassPreTokenizer(Func<int, bool> isDelimiter, SplitBehavior behavior) : IPreTokenizer
{
    [ThreadStatic] private static List<(int, int)>? _matches;

    /// <summary><c>Digits</c>: every numeric code point its own piece, or runs of them together.</summary>
    public static CharClassPreTokenizer Digits(bool individualDigits) =>
        new(UnicodeClasses.IsNumber, individualDigits ? SplitBehavior.Isolated : SplitBehavior.Contiguous);

    /// <summary><c>Punctuation</c> with the given behaviour (default Isolated).</summary>
    public static CharClassPreTokenizer Punctuation(SplitBehavior behavior) => new(UnicodeClasses.IsPunctuation, behavior);

    /// <summary><c>WhitespaceSplit</c>: whitespace separates pieces and is dropped.</summary>
    public static CharClassPreTokenizer WhitespaceSplit() => new(UnicodeClasses.IsWhiteSpace, SplitBehavior.Removed);

    /// <inheritdoc />
    public void Split(PreToken piece, List<PreToken> output)
    {
        var matches = _matches ??= new List<(int, int)>();
        matches.Clear();
        Splitter.CharMatches(piece.Text, isDelimiter, matches);
        Splitter.Apply(piece, matches, behavior, invert: false, output);
    }
}
