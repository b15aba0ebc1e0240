using SharpAlign.Data;
using SharpAlign.Data.Reading;
using SharpAlign.Data.Schema;

namespace SharpAlign.Tests.Data;

public class ValidationTests
{
    private const string Good = """{"prompt":"P","chosen":" c","rejected":" r"}""";

    [Theory]
    [InlineData("""{"prompt":"P","chosen":" c"}""", DropReason.MissingField, "rejected")]
    [InlineData("""{"prompt":"P","chosen":" c","rejected":null}""", DropReason.MissingField, "rejected")]
    [InlineData("""{"prompt":"P","chosen":7,"rejected":" r"}""", DropReason.WrongType, "chosen")]
    [InlineData("""{"prompt":["x"],"chosen":" c","rejected":" r"}""", DropReason.WrongType, "prompt[0]")]
    [InlineData("""{"prompt":"P","chosen":"","rejected":" r"}""", DropReason.EmptyCompletion, "chosen")]
    [InlineData("""{"prompt":"P","chosen":" c","rejected":" \n\t "}""", DropReason.EmptyCompletion, "rejected")]
    [InlineData("""{"prompt":"P","chosen":" c","rejected":" c"}""", DropReason.ChosenEqualsRejected, "rejected")]
    [InlineData("""{"prompt":"P","chosen":" c","rejected":" r","score_chosen":"high"}""", DropReason.WrongType, "score_chosen")]
    [InlineData("""{"prompt":"P","chosen":" c","rejected":" r","weight":-1}""", DropReason.WrongType, "weight")]
    [InlineData("""{"prompt":"P","chosen":" c","rejected":" r"} trailing""", DropReason.Malformed, null)]
    [InlineData("""{"prompt":"P","chosen":" c",""", DropReason.Malformed, null)]
    [InlineData("""["P"," c"," r"]""", DropReason.NotAnObject, null)]
    public void StandardRowErrors(string bad, string reason, string? field) => Check(bad, reason, field, DatasetFormat.Standard);

    [Theory]
    [InlineData("""{"prompt":[{"role":"user","content":"Hi"}],"chosen":[{"role":"user","content":"again"}],"rejected":[{"role":"assistant","content":"B"}]}""", DropReason.NoAssistantTurn, "chosen")]
    [InlineData("""{"prompt":[{"role":"user","content":"Hi"}],"chosen":[{"role":"assistant"}],"rejected":[{"role":"assistant","content":"B"}]}""", DropReason.MissingField, "chosen[0].content")]
    [InlineData("""{"prompt":[{"role":"user","content":"Hi"}],"chosen":[{"role":"assistant","content":"  "}],"rejected":[{"role":"assistant","content":"B"}]}""", DropReason.EmptyCompletion, "chosen")]
    [InlineData("""{"prompt":[{"role":"user","content":"Hi"}],"chosen":" text","rejected":[{"role":"assistant","content":"B"}]}""", DropReason.WrongType, "chosen")]
    public void ConversationalRowErrors(string bad, string reason, string field) => Check(bad, reason, field, DatasetFormat.Conversational);

    [Theory]
    // whitespace-only completion after extraction: common prefix "Hi " (prefix quirk → split at 2)
    [InlineData("""{"chosen":"Hi ","rejected":"Hi  x"}""", DropReason.EmptyCompletion, "chosen")]
    [InlineData("""{"chosen":"same","rejected":"same"}""", DropReason.ChosenEqualsRejected, "rejected")]
    [InlineData("""{"chosen":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}],"rejected":[{"role":"user","content":"a"},{"role":"user","content":"c"}]}""", DropReason.NoAssistantTurn, "rejected")]
    [InlineData("""{"chosen":"text","rejected":[{"role":"assistant","content":"c"}]}""", DropReason.WrongType, "rejected")]
    public void ImplicitPromptRowErrors(string bad, string reason, string field) => Check(bad, reason, field, DatasetFormat.ImplicitPrompt);

    [Theory]
    [InlineData("""{"prompt":"P","completion":" c","label":"yes"}""", DropReason.WrongType, "label")]
    [InlineData("""{"prompt":"P","completion":" c"}""", DropReason.MissingField, "label")]
    public void UnpairedRowErrors(string bad, string reason, string field) => Check(bad, reason, field, DatasetFormat.Unpaired);

    [Theory]
    [InlineData("""{"prompt_input_ids":[1],"chosen_input_ids":[],"rejected_input_ids":[3]}""", DropReason.EmptyCompletion, "chosen_input_ids")]
    [InlineData("""{"prompt_input_ids":[1],"chosen_input_ids":[2,-1],"rejected_input_ids":[3]}""", DropReason.WrongType, "chosen_input_ids[1]")]
    [InlineData("""{"prompt_input_ids":[1],"chosen_input_ids":[2],"rejected_input_ids":[2]}""", DropReason.ChosenEqualsRejected, "rejected_input_ids")]
    public void PreTokenizedRowErrors(string bad, string reason, string field) => Check(bad, reason, field, DatasetFormat.PreTokenized);

    /// <summary>The bad row on line 3 stops the default read with file, line and field in the message; skip mode counts it by reason.</summary>
    private static void Check(string bad, string reason, string? field, DatasetFormat format)
    {
        string good = format switch
        {
            DatasetFormat.Conversational => """{"prompt":[{"role":"user","content":"Hi"}],"chosen":[{"role":"assistant","content":"A"}],"rejected":[{"role":"assistant","content":"B"}]}""",
            DatasetFormat.ImplicitPrompt => """{"chosen":"Q: a","rejected":"Q: b"}""",
            DatasetFormat.Unpaired => """{"prompt":"P","completion":" c","label":true}""",
            DatasetFormat.PreTokenized => """{"prompt_input_ids":[1],"chosen_input_ids":[2],"rejected_input_ids":[3]}""",
            _ => Good,
        };
        string content = $"{good}\n{good}\n{bad}\n{good}\n";
        var e = Assert.Throws<SharpAlign.InputException>(() => SchemaTests.Load("rows.jsonl", content, format));
        Assert.Contains("rows.jsonl, line 3", e.Message);
        if (field is not null) Assert.Contains($"field '{field}'", e.Message);
        var (examples, stats) = SchemaTests.Load("rows.jsonl", content, format, skip: true);
        Assert.Equal(3, examples.Count);
        Assert.Equal(4, stats.RowsRead);
        Assert.Equal(3, stats.RowsValid);
        Assert.Equal(new Dictionary<string, long> { [reason] = 1 }, stats.Invalid);
    }

    [Fact]
    public void SkipModeCountsByReasonAndKeepsFirstMessages()
    {
        string content = string.Join("\n", Good, "{bad", """{"prompt":"P","chosen":" c","rejected":" c"}""", "{bad", Good) + "\n";
        var (examples, stats) = SchemaTests.Load("rows.jsonl", content, DatasetFormat.Auto, skip: true);
        Assert.Equal(2, examples.Count);
        Assert.Equal(2, stats.Invalid[DropReason.Malformed]);
        Assert.Equal(1, stats.Invalid[DropReason.ChosenEqualsRejected]);
        Assert.Equal(3, stats.FirstProblems.Count);
        Assert.Contains("line 2", stats.FirstProblems[0]);
    }

    [Fact]
    public void InvalidUtf8RowStopsTheReadNamingFileAndLine()
    {
        using var t = new TempFiles();
        var bytes = System.Text.Encoding.UTF8.GetBytes(Good + "\n").Concat(System.Text.Encoding.Latin1.GetBytes("{\"prompt\":\"\xC3(\",\"chosen\":\" c\",\"rejected\":\" r\"}\n")).ToArray();
        var ds = new PreferenceDataset(new DatasetOptions { Path = t.WriteBytes("u.jsonl", bytes) });
        var e = Assert.Throws<SharpAlign.InputException>(() => ds.Examples().ToList());
        Assert.Contains("u.jsonl, line 2", e.Message);
        Assert.Contains("UTF-8", e.Message);
    }
}
