namespace SharpAlign.Tokenization.Decoders;

/// <summary>
/// <c>Strip</c>: from every token removes up to <c>start</c> leading and up to <c>stop</c>
/// trailing occurrences of the <c>content</c> character.
/// </summary>
internal sealed class StripDecoder(int content, int start, int stop) : IDecoder
{
    /// <inheritdoc />
    public List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        foreach (var token in tokens)
        {
            var runes = token.EnumerateRunes().Select(r => r.Value).ToArray();
            int from = 0;
            while (from < start && from < runes.Length && runes[from] == content) from++;
            int to = runes.Length;
            for (int k = 0; k < stop && to > from && runes[to - 1] == content; k++) to--;
            var sb = new System.Text.StringBuilder();
            for (int k = from; k < to; k++) Text.UnicodeClasses.AppendCodePoint(sb, runes[k]);
            result.Add(sb.ToString());
        }
        return result;
    }
}
