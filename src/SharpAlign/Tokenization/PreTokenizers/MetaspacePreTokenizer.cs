namespace SharpAlign.Tokenization.PreTokenizers;

/// <summary>When Metaspace prepends its replacement character.</summary>
internal enum PrependScheme
{
    /// <summary>To every piece not already starting with it.</summary>
    Always,
    /// <summary>Only to the piece at the very start of the input.</summary>
    First,
    /// <summary>Never.</summary>
    Never,
}

/// <summary>
/// <c>Metaspace</c>: replaces spaces with the replacement character (▁), prepends it per the
/// scheme, and with <c>split</c> cuts the piece so every replacement starts a new piece.
/// </summary>
internal sealed class MetaspacePreTokenizer(char replacement, PrependScheme scheme, bool split) : IPreTokenizer
{
    [ThreadStatic] private static List<(int, int)>? _matches;

    /// <inheritdoc />
    public void Split(PreToken piece, List<PreToken> output)
    {
        string text = piece.Text.Replace(' ', replacement);
        bool prepend = scheme switch
        {
            PrependScheme.Always => true,
            PrependScheme.First => piece.AtStart,
            _ => false,
        };
        if (prepend && !text.StartsWith(replacement)) text = replacement + text;
        var updated = new PreToken(text, piece.AtStart);
        if (!split)
        {
            if (text.Length > 0) output.Add(updated);
            return;
        }
        var matches = _matches ??= new List<(int, int)>();
        matches.Clear();
        for (int i = 0; i < text.Length; i++)
            if (text[i] == replacement) matches.Add((i, 1));
        Splitter.Apply(updated, matches, SplitBehavior.MergedWithNext, invert: false, output);
    }
}
