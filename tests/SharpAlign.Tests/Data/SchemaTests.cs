using SharpAlign.Data;
using SharpAlign.Data.Schema;

namespace SharpAlign.Tests.Data;

public class SchemaTests
{
    internal static (List<PreferenceExample> Examples, DatasetStats Stats) Load(string name, string content, DatasetFormat format = DatasetFormat.Auto,
        bool skip = false, params string[] columns)
    {
        using var t = new TempFiles();
        var ds = new PreferenceDataset(new DatasetOptions { Path = t.Write(name, content), Format = format, SkipInvalid = skip, Columns = ColumnMap.Parse(columns) });
        var list = ds.Examples().ToList();
        return (list, ds.Stats);
    }

    [Fact]
    public void StandardIsDetectedAndParsedWithExtras()
    {
        var (ex, stats) = Load("a.jsonl", """{"prompt":"P","chosen":" c","rejected":" r","score_chosen":8.5,"score_rejected":2,"weight":0.5,"best_response":" b"}""");
        Assert.Equal(DatasetFormat.Standard, stats.Format);
        Assert.Equal("text", stats.Content);
        var e = Assert.Single(ex);
        Assert.Equal(("P", " c", " r"), (e.Prompt!.Text, e.Chosen!.Text, e.Rejected!.Text));
        Assert.Equal((8.5, 2.0, 0.5), (e.ScoreChosen, e.ScoreRejected, e.Weight));
        Assert.Equal(" b", e.BestResponse!.Text);
    }

    [Fact]
    public void ConversationalIsDetectedAndSystemColumnBecomesFirstTurn()
    {
        var (ex, stats) = Load("a.jsonl", """
            {"system":"Be brief.","prompt":[{"role":"user","content":"Hi"}],"chosen":[{"role":"assistant","content":"Hello"}],"rejected":[{"role":"assistant","content":"Go"}]}
            {"system":"Be brief.","prompt":[{"role":"system","content":"Own"},{"role":"user","content":"Hi"}],"chosen":[{"role":"assistant","content":"A"}],"rejected":[{"role":"assistant","content":"B"}]}
            """);
        Assert.Equal(DatasetFormat.Conversational, stats.Format);
        Assert.Equal("conversational", stats.Content);
        Assert.Equal([new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi")], ex[0].Prompt!.Messages!);
        Assert.Equal("Own", ex[1].Prompt!.Messages![0].Content);
        Assert.Equal(2, ex[1].Prompt!.Messages!.Count);
    }

    [Fact]
    public void ImplicitPromptStringsFollowTrl()
    {
        var (ex, stats) = Load("a.jsonl", """{"chosen":"\n\nHuman: Sky?\n\nAssistant: The sky is blue.","rejected":"\n\nHuman: Sky?\n\nAssistant: The sky is green."}""");
        Assert.Equal(DatasetFormat.ImplicitPrompt, stats.Format);
        Assert.Equal(("\n\nHuman: Sky?\n\nAssistant: The sky is", " blue.", " green."), (ex[0].Prompt!.Text, ex[0].Chosen!.Text, ex[0].Rejected!.Text));
    }

    [Fact]
    public void UltraFeedbackShapeIgnoresStringPromptAndSplitsConversations()
    {
        var (ex, stats) = Load("a.jsonl", """{"prompt":"Hi","chosen":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"}],"rejected":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Bye"}],"score_chosen":9,"score_rejected":4}""");
        Assert.Equal(DatasetFormat.ImplicitPrompt, stats.Format);
        Assert.Equal([new ChatMessage("user", "Hi")], ex[0].Prompt!.Messages!);
        Assert.Equal([new ChatMessage("assistant", "Hello!")], ex[0].Chosen!.Messages!);
        Assert.Equal(9.0, ex[0].ScoreChosen);
        Assert.Equal(["prompt"], stats.IgnoredColumns);
    }

    [Fact]
    public void UnpairedFromCsvParsesTextBooleans()
    {
        var (ex, stats) = Load("a.csv", "prompt,completion,label\nQ,\" yes\",True\nQ,\" no\",false\n");
        Assert.Equal(DatasetFormat.Unpaired, stats.Format);
        Assert.Equal([true, false], ex.Select(e => e.Label!.Value));
        Assert.False(ex[0].IsPair);
    }

    [Fact]
    public void PreTokenizedFromJsonAndCsv()
    {
        var (ex, stats) = Load("a.jsonl", """{"prompt_input_ids":[1,5],"chosen_input_ids":[6,2],"rejected_input_ids":[7,2]}""");
        Assert.Equal(DatasetFormat.PreTokenized, stats.Format);
        Assert.Equal("token_ids", stats.Content);
        Assert.Equal([6, 2], ex[0].ChosenIds!);
        var (csv, _) = Load("a.csv", "prompt_input_ids,chosen_input_ids,rejected_input_ids\n\"[1, 5]\",[6],[7]\n");
        Assert.Equal([1, 5], csv[0].PromptIds!);
    }

    [Fact]
    public void ColumnRemappingAndForcedFormat()
    {
        var (ex, stats) = Load("a.jsonl", """{"system":"","question":"Q?","chosen":" a","rejected":" b"}""", DatasetFormat.Auto, false, "prompt=question");
        Assert.Equal(DatasetFormat.Standard, stats.Format);
        Assert.Equal("Q?", ex[0].Prompt!.Text);
        Assert.Equal(["system"], stats.IgnoredColumns);
        var (forced, s2) = Load("a.jsonl", """{"prompt":"ignored","chosen":"X says a","rejected":"X says b"}""", DatasetFormat.ImplicitPrompt);
        Assert.Equal(DatasetFormat.ImplicitPrompt, s2.Format);
        Assert.Equal("X says", forced[0].Prompt!.Text);
        var e = Assert.Throws<SharpAlign.InputException>(() => Load("a.jsonl", """{"chosen":"a","rejected":"b"}""", DatasetFormat.Standard));
        Assert.Contains("field 'prompt'", e.Message);
        Assert.Throws<SharpAlign.InputException>(() => ColumnMap.Parse(["nonsense=x"]));
        Assert.Throws<SharpAlign.InputException>(() => ColumnMap.Parse(["prompt"]));
    }

    [Fact]
    public void UndetectableColumnsAreExplained()
    {
        var e = Assert.Throws<SharpAlign.InputException>(() => Load("a.jsonl", """{"question":"q","answer":"a"}"""));
        Assert.Contains("question, answer", e.Message);
        Assert.Contains("--column", e.Message);
    }

    [Theory]
    [InlineData("auto", DatasetFormat.Auto)]
    [InlineData("implicit-prompt", DatasetFormat.ImplicitPrompt)]
    [InlineData("PreTokenized", DatasetFormat.PreTokenized)]
    public void FormatNamesParse(string name, DatasetFormat format) => Assert.Equal(format, DatasetFormatNames.Parse(name));
}
