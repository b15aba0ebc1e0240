using System.Text;
using SharpAlign.Data;

namespace SharpAlign.Tests.Data;

/// <summary>
/// Reading is streaming: the memory the reader keeps alive (measured after a full GC at several
/// points of the read) stays far below the file size and does not grow with it.
/// </summary>
[Collection("DataMemory")]
public class MemoryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static long WriteJsonLines(string path, long targetBytes)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        string pad = new('x', 400);
        long bytes = 0, rows = 0;
        while (bytes < targetBytes)
        {
            string line = $"{{\"prompt\":\"Question {rows}: {pad}\",\"chosen\":\" good answer {rows}\",\"rejected\":\" bad answer {rows}\"}}";
            w.Write(line); w.Write('\n');
            bytes += line.Length + 1;
            rows++;
        }
        return rows;
    }

    private static long WriteJsonArray(string path, long targetBytes)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        string pad = new('y', 400);
        long bytes = 1, rows = 0;
        w.Write("{\"version\": 1, \"data\": [\n");
        while (bytes < targetBytes)
        {
            string row = $"{(rows == 0 ? "" : ",\n")}  {{\"prompt\": \"Q {rows} {pad}\", \"chosen\": \" yes\", \"rejected\": \" no\"}}";
            w.Write(row);
            bytes += row.Length;
            rows++;
        }
        w.Write("\n]}\n");
        return rows;
    }

    /// <summary>Reads every example and returns (rows, largest heap retained at 4 checkpoints above the starting heap).</summary>
    private (long Rows, long Retained) ReadAll(string path, long expectedRows)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        long retained = 0, rows = 0;
        long step = Math.Max(1, expectedRows / 5);
        foreach (var _ in new PreferenceDataset(new DatasetOptions { Path = path }).Examples())
        {
            if (++rows % step == 0) retained = Math.Max(retained, GC.GetTotalMemory(forceFullCollection: true) - before);
        }
        output.WriteLine($"{Path.GetFileName(path)}: {new FileInfo(path).Length / 1e6:F0} MB, {rows} rows, largest retained heap growth {retained / 1e6:F2} MB");
        return (rows, retained);
    }

    [Theory]
    [InlineData("big.jsonl")]
    [InlineData("big.json")]
    public void SixtyMegabytesAreReadInBoundedMemory(string name)
    {
        using var t = new TempFiles();
        string path = Path.Combine(t.Root, name);
        long target = 60L << 20;
        long rows = name.EndsWith(".jsonl") ? WriteJsonLines(path, target) : WriteJsonArray(path, target);
        var (read, retained) = ReadAll(path, rows);
        Assert.Equal(rows, read);
        Assert.True(retained < 8L << 20, $"reader kept {retained / 1e6:F1} MB alive while reading a {new FileInfo(path).Length / 1e6:F0} MB file");
    }

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("huge.jsonl")]
    [InlineData("huge.json")]
    public void OneGigabyteIsReadInConstantMemory(string name)
    {
        using var t = new TempFiles();
        string path = Path.Combine(t.Root, name);
        long target = 1L << 30;
        long rows = name.EndsWith(".jsonl") ? WriteJsonLines(path, target) : WriteJsonArray(path, target);
        var (read, retained) = ReadAll(path, rows);
        Assert.Equal(rows, read);
        Assert.True(retained < 8L << 20, $"reader kept {retained / 1e6:F1} MB alive while reading a {new FileInfo(path).Length / 1e6:F0} MB file");
    }
}
