using System.Text.Json;

namespace SharpAlign.Data.Reading;

/// <summary>
/// Streams a JSON Lines file: one JSON object per line, blank lines skipped, a BOM tolerated.
/// A malformed line becomes a row with a <see cref="RowProblem"/>; reading goes on after it.
/// </summary>
public static class JsonLinesReader
{
    /// <summary>Reads rows from <paramref name="stream"/>; <paramref name="file"/> names it in messages.</summary>
    public static IEnumerable<RawRow> Read(Stream stream, string file)
    {
        using var lines = new ByteLineReader(stream);
        long row = 0;
        while (true)
        {
            RawRow? next = ReadOne(lines, file, ref row, out bool end);
            if (end) yield break;
            if (next is not null) yield return next;
        }
    }

    private static RawRow? ReadOne(ByteLineReader lines, string file, ref long row, out bool end)
    {
        end = !lines.TryReadLine(out var line);
        if (end || IsBlank(line)) return null;
        var origin = new RowOrigin(file, lines.LineNumber, ++row);
        return JsonRow.Parse(line, origin);
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }
}
