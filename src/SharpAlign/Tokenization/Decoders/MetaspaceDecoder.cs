using SharpAlign.Tokenization.PreTokenizers;

namespace SharpAlign.Tokenization.Decoders;

/// <summary>
/// <c>Metaspace</c>: the replacement character becomes a space, except in the first token where
/// every occurrence is dropped (unless the prepend scheme is "never").
/// </summary>
internal sealed class MetaspaceDecoder(char replacement, PrependScheme scheme) : IDecoder
{
    /// <inheritdoc />
    public List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            bool drop = i == 0 && scheme != PrependScheme.Never;
            result.Add(drop ? tokens[i].Replace(replacement.ToString(), "") : tokens[i].Replace(replacement, ' '));
        }
        return result;
    }
}
