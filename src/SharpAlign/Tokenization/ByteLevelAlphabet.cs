namespace SharpAlign.Tokenization;

/// <summary>
/// GPT-2's reversible byte-to-character table: printable bytes (<c>!</c>..<c>~</c>,
/// <c>¡</c>..<c>¬</c>, <c>®</c>..<c>ÿ</c>) map to the same code point, the other 68 bytes to
/// U+0100 onwards in byte order (space → <c>Ġ</c>, newline → <c>Ċ</c>).
/// </summary>
internal static class ByteLevelAlphabet
{
    /// <summary>Character standing for each byte.</summary>
    public static readonly char[] ByteToChar = BuildByteToChar();

    /// <summary>Byte for each character of the table (indexed by char; -1 when the char is not in the table).</summary>
    public static readonly short[] CharToByte = BuildCharToByte();

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is (>= 0x21 and <= 0x7E) or (>= 0xA1 and <= 0xAC) or (>= 0xAE and <= 0xFF);
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }

    private static short[] BuildCharToByte()
    {
        var map = new short[0x144];
        Array.Fill(map, (short)-1);
        for (int b = 0; b < 256; b++) map[ByteToChar[b]] = (short)b;
        return map;
    }

    /// <summary>The byte a character stands for, or -1.</summary>
    public static int ByteOf(char c) => c < CharToByte.Length ? CharToByte[c] : -1;

    /// <summary>Maps the UTF-8 bytes of <paramref name="text"/> to table characters.</summary>
    public static string Encode(ReadOnlySpan<char> text)
    {
        if (System.Text.Ascii.IsValid(text))
        {
            Span<char> mapped = text.Length <= 512 ? stackalloc char[text.Length] : new char[text.Length];
            for (int i = 0; i < text.Length; i++) mapped[i] = ByteToChar[text[i]];
            return new string(mapped);
        }
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> bytes = max <= 1024 ? stackalloc byte[max] : new byte[max];
        int n = System.Text.Encoding.UTF8.GetBytes(text, bytes);
        Span<char> chars = n <= 1024 ? stackalloc char[n] : new char[n];
        for (int i = 0; i < n; i++) chars[i] = ByteToChar[bytes[i]];
        return new string(chars);
    }
}
