using System.Text;
using SharpAlign.Data.Reading;

namespace SharpAlign.Tests.Data;

public class ReaderTests
{
    private static List<RawRow> Read(string path) => DatasetFiles.ReadRows(path).ToList();

    private static string Field(RawRow row, string name) => row.Value.GetProperty(name).GetString()!;

    [Fact]
    public void JsonLinesSkipsBlankLinesToleratesBomAndCrlfAndNumbersLines()
    {
        using var t = new TempFiles();
        var p = t.Write("a.jsonl", "\uFEFF{\"prompt\":\"p1\"}\r\n\r\n  \n{\"prompt\":\"p2\"}\n{\"prompt\":\"p3\"}");
        var rows = Read(p);
        Assert.Equal(["p1", "p2", "p3"], rows.Select(r => Field(r, "prompt")));
        Assert.Equal([1L, 4L, 5L], rows.Select(r => r.Origin.Line));
        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.Origin.Row));
        Assert.All(rows, r => Assert.Null(r.Problem));
    }

    [Fact]
    public void JsonLinesReportsMalformedAndNonObjectLinesAndGoesOn()
    {
        using var t = new TempFiles();
        var p = t.Write("a.jsonl", "{\"a\":\"x\"}\n{\"a\": \n[1,2]\n{\"a\":\"y\"} extra\n{\"a\":\"z\"}\n");
        var rows = Read(p);
        Assert.Equal(5, rows.Count);
        Assert.Equal(DropReason.Malformed, rows[1].Problem!.Reason);
        Assert.Equal(2, rows[1].Origin.Line);
        Assert.Equal(DropReason.NotAnObject, rows[2].Problem!.Reason);
        Assert.Equal(DropReason.Malformed, rows[3].Problem!.Reason);
        Assert.Equal("z", Field(rows[4], "a"));
    }

    [Fact]
    public void JsonArrayStreamsElementsWithTheirLineNumbers()
    {
        using var t = new TempFiles();
        var p = t.Write("a.json", "[\n  {\"prompt\": \"p1\",\n   \"chosen\": \"c\"},\n  {\"prompt\": \"p2\"}\n  ,{\"prompt\": \"p3\"}\n]\n");
        var rows = Read(p);
        Assert.Equal(["p1", "p2", "p3"], rows.Select(r => Field(r, "prompt")));
        Assert.Equal([2L, 4L, 5L], rows.Select(r => r.Origin.Line));
    }

    [Fact]
    public void JsonObjectWithDataArraySkipsOtherKeys()
    {
        using var t = new TempFiles();
        var p = t.Write("a.json", "{\"version\": {\"x\": [1, {\"y\": \"]\"}]}, \"data\": [{\"prompt\": \"p1\"}, {\"prompt\": \"p2\"}], \"tail\": 1}");
        Assert.Equal(["p1", "p2"], Read(p).Select(r => Field(r, "prompt")));
    }

    [Fact]
    public void JsonFileWithJsonLinesContentIsReadAsLines()
    {
        using var t = new TempFiles();
        var p = t.Write("a.json", "{\"prompt\": \"p1\"}\n{\"prompt\": \"p2\"}\n");
        var rows = Read(p);
        Assert.Equal(["p1", "p2"], rows.Select(r => Field(r, "prompt")));
        Assert.Equal(2, rows[1].Origin.Line);
    }

    [Fact]
    public void JsonArrayElementsLargerThanTheReadBufferAreAssembled()
    {
        using var t = new TempFiles();
        string big = new('x', 300_000);
        var p = t.Write("a.json", $"[{{\"prompt\": \"{big}\"}}, {{\"prompt\": \"é\"}}]");
        var rows = Read(p);
        Assert.Equal(big, Field(rows[0], "prompt"));
        Assert.Equal("é", Field(rows[1], "prompt"));
    }

    [Fact]
    public void JsonArraySyntaxErrorIsFatalWithLine()
    {
        using var t = new TempFiles();
        var p = t.Write("a.json", "[{\"a\": \"x\"},\n{\"a\": }]");
        var e = Assert.Throws<SharpAlign.InputException>(() => Read(p));
        Assert.Contains("a.json", e.Message);
        Assert.Contains("line 2", e.Message);
        var q = t.Write("b.json", "[{\"a\": \"x\"}");
        Assert.Contains("not closed", Assert.Throws<SharpAlign.InputException>(() => Read(q)).Message);
    }

    [Fact]
    public void CsvHandlesQuotesDelimitersNewlinesAndDoubledQuotes()
    {
        using var t = new TempFiles();
        var p = t.Write("a.csv", "prompt,chosen,rejected\r\n\"Say \"\"hi\"\", then, bye\",\"line1\nline2\",plain\nq2,c2,r2\n");
        var rows = Read(p);
        Assert.Equal(2, rows.Count);
        Assert.Equal("Say \"hi\", then, bye", Field(rows[0], "prompt"));
        Assert.Equal("line1\nline2", Field(rows[0], "chosen"));
        Assert.Equal("plain", Field(rows[0], "rejected"));
        Assert.Equal([2L, 4L], rows.Select(r => r.Origin.Line));
        Assert.True(rows[0].CellsAreText);
    }

    [Fact]
    public void TsvAndFieldCountMismatch()
    {
        using var t = new TempFiles();
        var p = t.Write("a.tsv", "prompt\tchosen\trejected\np, with comma\tc\tr\nonly\ttwo\n");
        var rows = Read(p);
        Assert.Equal("p, with comma", Field(rows[0], "prompt"));
        Assert.Equal(DropReason.Malformed, rows[1].Problem!.Reason);
        Assert.Contains("expected 3 fields", rows[1].Problem!.Message);
        Assert.Equal(3, rows[1].Origin.Line);
    }

    [Fact]
    public void CsvUnclosedQuoteIsFatal()
    {
        using var t = new TempFiles();
        var p = t.Write("a.csv", "a,b\n\"open,x\n");
        Assert.Contains("not closed", Assert.Throws<SharpAlign.InputException>(() => Read(p)).Message);
    }

    [Theory]
    [InlineData("a.jsonl.gz", "{\"prompt\":\"p1\"}\n{\"prompt\":\"p2\"}\n")]
    [InlineData("a.json.gz", "[{\"prompt\":\"p1\"},{\"prompt\":\"p2\"}]")]
    [InlineData("a.csv.gz", "prompt\np1\np2\n")]
    [InlineData("a.tsv.gz", "prompt\tx\np1\t1\np2\t2\n")]
    public void GzipVariantsAreDecompressed(string name, string content)
    {
        using var t = new TempFiles();
        var p = t.Write(name, content);
        Assert.Equal(["p1", "p2"], Read(p).Select(r => Field(r, "prompt")));
    }

    [Theory]
    [InlineData("a.jsonl", "{\"a\":\"ok\"}\n{\"a\":\"bad \xFF\"}\n", 2)]
    [InlineData("a.json", "[{\"a\":\"ok\"},\n\n{\"a\":\"bad \xFF\"}]", 3)]
    [InlineData("a.csv", "a\nok\n\"bad\n\xFF\"\n", 4)]
    public void InvalidUtf8IsReportedWithItsLine(string name, string latin1, int line)
    {
        using var t = new TempFiles();
        var p = t.WriteBytes(name, Encoding.Latin1.GetBytes(latin1));
        var bad = Read(p).Single(r => r.Problem is not null);
        Assert.Equal(DropReason.InvalidUtf8, bad.Problem!.Reason);
        Assert.Contains($"line {line}", bad.Problem.Message);
        Assert.Contains("0xFF", bad.Problem.Message);
    }

    [Fact]
    public void ParquetAndArrowAreRefusedWithAdvice()
    {
        using var t = new TempFiles();
        var p = t.Write("train-00000-of-00001.parquet", "PAR1");
        var e = Assert.Throws<SharpAlign.InputException>(() => DatasetFiles.Resolve(p));
        Assert.Contains("Parquet", e.Message);
        Assert.Contains("JSON Lines", e.Message);
        Assert.Contains("Parquet", Assert.Throws<SharpAlign.InputException>(() => DatasetFiles.Resolve(t.Root)).Message);
        var a = t.Write("x/data-00000-of-00001.arrow", "");
        Assert.Contains("Arrow", Assert.Throws<SharpAlign.InputException>(() => DatasetFiles.ReadRows(a).ToList()).Message);
    }

    [Fact]
    public void HubFolderSplitsByFileName()
    {
        using var t = new TempFiles();
        t.Write("data/train-00000-of-00002.jsonl", "{\"p\":\"a\"}\n");
        t.Write("data/train-00001-of-00002.jsonl.gz", "{\"p\":\"b\"}\n");
        t.Write("data/test-00000-of-00001.json", "[{\"p\":\"c\"}]");
        t.Write("helpful-base/validation.csv", "p\nd\n");
        t.Write("README.md", "# card");
        t.Write("dataset_info.json", "{}");
        Assert.Equal(["train-00000-of-00002.jsonl", "train-00001-of-00002.jsonl.gz"], DatasetFiles.Resolve(t.Root, "train").Select(Path.GetFileName));
        Assert.Equal(["b"], DatasetFiles.ReadRows(DatasetFiles.Resolve(t.Root, "train")).Skip(1).Select(r => Field(r, "p")));
        Assert.Equal(["c"], DatasetFiles.ReadRows(DatasetFiles.Resolve(t.Root, "test")).Select(r => Field(r, "p")));
        Assert.Equal(["d"], DatasetFiles.ReadRows(DatasetFiles.Resolve(t.Root, "validation")).Select(r => Field(r, "p")));
        Assert.Equal(["test", "train", "validation"], DatasetFiles.Splits(t.Root));
        t.Write("data/other.jsonl", "{}");
        Assert.Contains("other.jsonl", Assert.Throws<SharpAlign.InputException>(() => DatasetFiles.Resolve(t.Root, "train")).Message);
    }

    [Fact]
    public void FolderWithoutSplitNamesIsAllTrain()
    {
        using var t = new TempFiles();
        t.Write("a.jsonl", "{}\n");
        t.Write("b.jsonl", "{}\n");
        Assert.Equal(2, DatasetFiles.Resolve(t.Root).Count);
        Assert.Throws<SharpAlign.InputException>(() => DatasetFiles.Resolve(t.Root, "test"));
    }

    [Theory]
    [InlineData("train.jsonl", "train")]
    [InlineData("data/train-00000-of-00001.json", "train")]
    [InlineData("harmless-base/test.jsonl.gz", "test")]
    [InlineData("test_prefs.csv", "test")]
    [InlineData("train_prefs-00000.jsonl", "train")]
    [InlineData("dev.tsv", "validation")]
    [InlineData("trainer_notes.jsonl", null)]
    [InlineData("contest.jsonl", null)]
    public void SplitNamesAreWholeWords(string path, string? split) => Assert.Equal(split, DatasetFiles.SplitOf(path));
}
