using System.Text.Json;
using SharpAlign.Tests.Tokenization;

namespace SharpAlign.Tests.Data;

/// <summary>`sharpalign data inspect` end to end (console captured; the collection keeps these tests from running beside each other).</summary>
[Collection("DataConsole")]
public class DataInspectCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void PrintsOneJsonObjectWithCountsLengthsAndExamples()
    {
        using var t = new TempFiles();
        var p = t.Write("d.jsonl", """
            {"prompt":"The capital of France is","chosen":" Paris.","rejected":" Lyon."}
            {"prompt":"2+2=","chosen":" 4","rejected":" 5"}
            {"prompt":"Hi","chosen":" same","rejected":" same"}
            {"prompt":"A very long prompt that will not fit at all","chosen":" x","rejected":" y"}
            """);
        var (code, output, _) = Run("data", "inspect", "--dataset", p, "--tokenizer", TestTokenizers.Folder("llama-spm"), "--max-length", "9", "--skip-invalid", "--batch-tokens", "24");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var r = doc.RootElement;
        Assert.Equal("standard", r.GetProperty("format").GetString());
        Assert.Equal(4, r.GetProperty("rows_read").GetInt32());
        Assert.Equal(2, r.GetProperty("rows_valid").GetInt32());
        Assert.Equal(1, r.GetProperty("rows_invalid").GetProperty("chosen_equals_rejected").GetInt32());
        Assert.Equal(1, r.GetProperty("rows_dropped").GetProperty("prompt_too_long").GetInt32());
        var prompt = r.GetProperty("token_lengths").GetProperty("prompt");
        Assert.Equal(6, prompt.GetProperty("min").GetInt32());   // <s> ▁ 2 + 2 =  (Llama-2 splits digits off "▁")
        Assert.Equal(6, prompt.GetProperty("max").GetInt32());   // <s> ▁The ▁capital ▁of ▁France ▁is
        Assert.Equal(3, r.GetProperty("token_lengths").GetProperty("chosen").GetProperty("max").GetInt32()); // ▁Paris . </s>
        Assert.InRange(r.GetProperty("prefix_sharing_saves").GetDouble(), 0.01, 0.99);
        // two valid pairs of 6 + 3 + 3 tokens: 12 each prefix-shared (both fit a budget of 24), 18 each plain (one per batch)
        var batches = r.GetProperty("micro_batches");
        Assert.Equal(1, batches.GetProperty("prefix_shared").GetInt32());
        Assert.Equal(2, batches.GetProperty("plain").GetInt32());
        var first = r.GetProperty("examples")[0];
        Assert.Contains("line 1", first.GetProperty("source").GetString());
        Assert.Equal("<s> The capital of France is⟦|⟧ Paris.</s>", first.GetProperty("chosen").GetString());
    }

    [Fact]
    public void InvalidRowWithoutSkipExitsNonZeroNamingTheRow()
    {
        using var t = new TempFiles();
        var p = t.Write("d.jsonl", "{\"prompt\":\"a\",\"chosen\":\" b\",\"rejected\":\" c\"}\n{\"prompt\":\"a\",\"chosen\":\" b\"}\n");
        var (code, _, err) = Run("data", "inspect", "--dataset", p);
        Assert.Equal(2, code);
        Assert.Contains("d.jsonl, line 2 (row 2), field 'rejected'", err);
    }

    [Fact]
    public void ColumnMappingAndParquetMessage()
    {
        using var t = new TempFiles();
        var p = t.Write("orca.jsonl", "{\"system\":\"\",\"question\":\"Q\",\"chosen\":\" a\",\"rejected\":\" b\"}\n");
        var (code, output, _) = Run("data", "inspect", "--dataset", p, "--column", "prompt=question");
        Assert.Equal(0, code);
        Assert.Equal(1, JsonDocument.Parse(output).RootElement.GetProperty("rows_valid").GetInt32());
        var (pcode, _, perr) = Run("data", "inspect", "--dataset", t.Write("x.parquet", "PAR1"));
        Assert.Equal(2, pcode);
        Assert.Contains("Parquet", perr);
    }
}
