using System.Text.Json;
using SharpAlign.Tokenization.Templates;

namespace SharpAlign.Tests.ChatTemplates;

/// <summary>
/// Every construct, filter, test and whitespace rule, and the real model templates on many
/// conversations, rendered by our engine and compared character for character with Jinja2's output.
/// Cases where Jinja2 fails must fail here too (with the same message for raise_exception).
/// </summary>
public class GoldenRenderingTests
{
    public static TheoryData<string> ConstructNames => GoldenCases.Names("construct_cases.jsonl");
    public static TheoryData<string> ModelNames => GoldenCases.Names("model_cases.jsonl");

    [Theory]
    [MemberData(nameof(ConstructNames))]
    public void Construct_matches_jinja2(string name)
    {
        var c = GoldenCases.Find("construct_cases.jsonl", name);
        var template = Template.Parse(c.GetProperty("template").GetString()!, name);
        Check(c, () => template.Render(GoldenCases.Variables(c), () => GoldenCases.Clock));
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Model_template_matches_jinja2(string name)
    {
        var c = GoldenCases.Find("model_cases.jsonl", name);
        var file = c.GetProperty("template").GetString()!;
        var chat = new ChatTemplate(File.ReadAllText(Path.Combine(GoldenCases.DataDir, file)), name: file, clock: () => GoldenCases.Clock);
        Check(c, () => chat.Render(c.GetProperty("messages"), c.GetProperty("add_generation_prompt").GetBoolean(), GoldenCases.Variables(c)));
    }

    private static void Check(JsonElement c, Func<string> render)
    {
        if (c.GetProperty("expected").ValueKind == JsonValueKind.String)
        {
            Assert.Equal(c.GetProperty("expected").GetString(), render());
            return;
        }
        var jinjaError = c.GetProperty("error").GetString()!;
        if (c.GetProperty("raised").GetBoolean())
        {
            var raised = Assert.Throws<TemplateRaisedException>(() => render());
            Assert.Equal(jinjaError, raised.TemplateMessage);
        }
        else
        {
            var e = Assert.ThrowsAny<TemplateException>(() => render());
            Assert.IsNotType<TemplateRaisedException>(e);
            Assert.Matches(@"line \d+:\d+", e.Message);
        }
    }

    [Fact]
    public void Golden_files_cover_every_real_template_and_both_outcomes()
    {
        var models = GoldenCases.Read("model_cases.jsonl");
        var templates = models.Select(m => m.GetProperty("template").GetString()).Distinct().ToList();
        foreach (var file in Directory.GetFiles(GoldenCases.DataDir, "*.jinja"))
            Assert.Contains(Path.GetFileName(file), templates);
        Assert.Contains(models, m => m.GetProperty("raised").GetBoolean());
        Assert.True(models.Count(m => m.GetProperty("expected").ValueKind == JsonValueKind.String) > 200);
    }
}
