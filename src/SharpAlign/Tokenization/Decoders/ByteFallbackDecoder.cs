using System.Text;

namespace SharpAlign.Tokenization.Decoders;

/// <summary>
/// <c>ByteFallback</c>: runs of <c>&lt;0xHH&gt;</c> tokens become the UTF-8 text their bytes
/// spell; if the run is not valid UTF-8, each of its bytes becomes one U+FFFD.
/// </summary>
internal sealed class ByteFallbackDecoder : IDecoder
{
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    /// <inheritdoc />
    public List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        var pending = new List<byte>();
        foreach (var token in tokens)
        {
            if (TryParseByte(token, out byte b)) { pending.Add(b); continue; }
            Flush(pending, result);
            result.Add(token);
        }
        Flush(pending, result);
        return result;
    }

    private static void Flush(List<byte> pending, List<string> result)
    {
        if (pending.Count == 0) return;
        try
        {
            result.Add(Strict.GetString(pending.ToArray()));
        }
        catch (DecoderFallbackException)
        {
            for (int i = 0; i < pending.Count; i++) result.Add("\uFFFD");
        }
        pending.Clear();
    }

    /// <summary>
    /// Whether the token is <c>&lt;0xHH&gt;</c>: six UTF-8 bytes, and the two characters after
    /// "&lt;0x" parse as a hexadecimal byte the way Rust's <c>u8::from_str_radix</c> does
    /// (either case, or a '+' sign and one digit).
    /// </summary>
    private static bool TryParseByte(string token, out byte value)
    {
        value = 0;
        if (token.Length != 6 || !token.StartsWith("<0x", StringComparison.Ordinal) || token[5] != '>') return false;
        char h = token[3], l = token[4];
        if (!char.IsAsciiHexDigit(l)) return false;
        if (h == '+') { value = (byte)Convert.ToInt32(l.ToString(), 16); return true; }
        if (!char.IsAsciiHexDigit(h)) return false;
        value = (byte)Convert.ToInt32(token.Substring(3, 2), 16);
        return true;
    }
}
