using System.Text;
using System.Text.Unicode;

namespace SharpAlign.Data.Reading;

/// <summary>UTF-8 validation with a position for the error message.</summary>
internal static class Utf8Check
{
    /// <summary>Null when <paramref name="bytes"/> is valid UTF-8, else a problem naming the line and byte offset of the first bad sequence.</summary>
    public static RowProblem? Validate(ReadOnlySpan<byte> bytes, long firstLine)
    {
        if (Utf8.IsValid(bytes)) return null;
        long line = firstLine;
        int lineStart = 0;
        for (int i = 0; i < bytes.Length;)
        {
            var status = Rune.DecodeFromUtf8(bytes[i..], out _, out int used);
            if (status != System.Buffers.OperationStatus.Done)
                return new RowProblem(DropReason.InvalidUtf8, null,
                    $"invalid UTF-8 at line {line}, byte {i - lineStart + 1} of that line (0x{bytes[i]:X2}); the file must be UTF-8 encoded");
            if (bytes[i] == (byte)'\n') { line++; lineStart = i + 1; }
            i += used;
        }
        return new RowProblem(DropReason.InvalidUtf8, null, "invalid UTF-8");
    }
}
