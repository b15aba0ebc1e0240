using SharpAlign.Tokenization.Text;

namespace SharpAlign.Tokenization.PreTokenizers;

/// <summary>
/// <c>ByteLevel</c>: optionally prefixes a space, optionally splits with the GPT-2 regex (each
/// match its own piece), then rewrites every UTF-8 byte as its <see cref="ByteLevelAlphabet"/> character.
/// </summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    private static readonly IPatternMatcher Gpt2Split = PatternMatchers.For(PatternMatchers.Gpt2);

    [ThreadStatic] private static List<(int, int)>? _matches;

    /// <inheritdoc />
    public void Split(PreToken piece, List<PreToken> output)
    {
        string text = piece.Text;
        if (addPrefixSpace && !text.StartsWith(' ')) text = " " + text;
        if (!useRegex)
        {
            if (text.Length > 0) output.Add(new PreToken(ByteLevelAlphabet.Encode(text), piece.AtStart));
            return;
        }
        var matches = _matches ??= new List<(int, int)>();
        matches.Clear();
        Gpt2Split.FindAll(text, matches);
        int prev = 0;
        foreach (var (start, length) in matches)
        {
            if (start > prev) output.Add(new PreToken(ByteLevelAlphabet.Encode(text.AsSpan(prev, start - prev)), piece.AtStart && prev == 0));
            if (length > 0) output.Add(new PreToken(ByteLevelAlphabet.Encode(text.AsSpan(start, length)), piece.AtStart && start == 0));
            prev = start + length;
        }
        if (prev < text.Length) output.Add(new PreToken(ByteLevelAlphabet.Encode(text.AsSpan(prev)), piece.AtStart && prev == 0));
    }
}
