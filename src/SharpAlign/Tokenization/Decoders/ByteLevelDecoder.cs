using System.Text;

namespace SharpAlign.Tokenization.Decoders;

/// <summary>
/// <c>ByteLevel</c>: maps every character back to its byte (a token containing a character
/// outside the table contributes its own UTF-8 bytes instead) and decodes the bytes as UTF-8,
/// invalid sequences becoming U+FFFD. Produces a single string.
/// </summary>
internal sealed class ByteLevelDecoder : IDecoder
{
    /// <inheritdoc />
    public List<string> DecodeChain(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            bool inTable = true;
            foreach (char c in token)
                if (ByteLevelAlphabet.ByteOf(c) < 0) { inTable = false; break; }
            if (inTable) foreach (char c in token) bytes.Add((byte)ByteLevelAlphabet.ByteOf(c));
            else bytes.AddRange(Encoding.UTF8.GetBytes(token));
        }
        return [Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes))];
    }
}
