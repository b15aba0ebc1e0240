using System.Text.Json;
using SharpAlign.Tokenization.Templates;

namespace SharpAlign.Tests.ChatTemplates;

/// <summary>Finding the template and special tokens in a tokenizer folder, and the chat-template CLI command.</summary>
public sealed class ChatTemplateFilesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sharpalign-chat-" + Guid.NewGuid().ToString("N"));

    public ChatTemplateFilesTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text);

    private static string Json(object o) => JsonSerializer.Serialize(o);

    private const string Tiny = "{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}{{ eos_token }}{% endfor %}";

    [Fact]
    public void Inline_string_template_with_AddedToken_objects()
    {
        Write("tokenizer_config.json", Json(new Dictionary<string, object?>
        {
            ["bos_token"] = new Dictionary<string, object?> { ["__type"] = "AddedToken", ["content"] = "<s>", ["lstrip"] = false },
            ["eos_token"] = "</s>",
            ["pad_token"] = null,
            ["chat_template"] = Tiny,
        }));
        var t = ChatTemplateFiles.Load(_dir);
        Assert.Equal("<s>", t.BosToken);
        Assert.Equal("</s>", t.EosToken);
        Assert.False(t.SpecialTokens.ContainsKey("pad_token"));
        Assert.Equal("<s>[user]hi</s>", t.Render([new ChatMessage("user", "hi")]));
    }

    [Fact]
    public void List_form_picks_default_or_the_named_template()
    {
        Write("tokenizer_config.json", Json(new
        {
            eos_token = "E",
            chat_template = new object[] { new { name = "tool_use", template = "TOOLS" }, new { name = "default", template = "DEFAULT{{ eos_token }}" } },
        }));
        Assert.Equal("DEFAULTE", ChatTemplateFiles.Load(_dir).Render([]));
        Assert.Equal("TOOLS", ChatTemplateFiles.Load(_dir, "tool_use").Render([]));
        var e = Assert.Throws<InputException>(() => ChatTemplateFiles.Load(_dir, "rag"));
        Assert.Contains("no chat template named 'rag' (available: tool_use, default)", e.Message);
    }

    [Fact]
    public void Jinja_file_takes_precedence_and_tokens_fall_back_to_special_tokens_map()
    {
        Write("tokenizer_config.json", Json(new { chat_template = "INLINE" }));
        Write("special_tokens_map.json", Json(new { bos_token = new { content = "<bos>" }, eos_token = "<eos>" }));
        Write("chat_template.jinja", Tiny + "\n");
        Assert.Equal("<bos>[user]x<eos>", ChatTemplateFiles.Load(_dir).Render([new ChatMessage("user", "x")]));
    }

    [Fact]
    public void Missing_or_malformed_configuration_is_a_clear_error()
    {
        Assert.Contains("no chat template: neither chat_template.jinja nor", Assert.Throws<InputException>(() => ChatTemplateFiles.Load(_dir)).Message);
        Write("tokenizer_config.json", "{\"chat_template\": 5}");
        Assert.Contains("chat_template must be a string or a list", Assert.Throws<InputException>(() => ChatTemplateFiles.Load(_dir)).Message);
        Write("tokenizer_config.json", "{\"chat_template\": ");
        Assert.Contains("tokenizer_config.json: invalid JSON", Assert.Throws<InputException>(() => ChatTemplateFiles.Load(_dir)).Message);
        Write("tokenizer_config.json", "{\"eos_token\": 3, \"chat_template\": \"x\"}");
        Assert.Contains("eos_token must be a string", Assert.Throws<InputException>(() => ChatTemplateFiles.Load(_dir)).Message);
        Assert.Contains("does not exist", Assert.Throws<InputException>(() => ChatTemplateFiles.Load(Path.Combine(_dir, "nope"))).Message);
    }

    [Fact]
    public void Conversation_file_may_carry_template_variables()
    {
        Write("conv.json", "{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}], \"date_string\": \"26 Jul 2024\", \"tools\": [{\"name\": \"f\"}]}");
        var (messages, variables) = ChatTemplateFiles.ReadConversation(Path.Combine(_dir, "conv.json"));
        Assert.Equal(1, messages.GetArrayLength());
        Assert.Equal(["date_string", "tools"], variables.Keys.Order().ToArray());
        Write("bad.json", "[{\"content\": \"no role\"}]");
        Assert.Contains("message 0 must be an object with a string \"role\"", Assert.Throws<InputException>(() => ChatTemplateFiles.ReadConversation(Path.Combine(_dir, "bad.json"))).Message);
    }

    [Fact]
    public void Cli_prints_the_rendering_and_reports_template_errors()
    {
        File.Copy(Path.Combine(GoldenCases.DataDir, "gemma-it.jinja"), Path.Combine(_dir, "chat_template.jinja"));
        Write("tokenizer_config.json", Json(new { bos_token = "<bos>", eos_token = "<eos>" }));
        Write("ok.json", "[{\"role\": \"user\", \"content\": \"Hi\"}]");
        Write("bad.json", "[{\"role\": \"system\", \"content\": \"S\"}]");
        var (code, output, error) = CliRunner.Run("chat-template", "--tokenizer", _dir, "--messages", Path.Combine(_dir, "ok.json"), "--add-generation-prompt");
        Assert.Equal(0, code);
        Assert.Equal("<bos><start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\n", output);
        (code, _, error) = CliRunner.Run("chat-template", "--tokenizer", _dir, "--messages", Path.Combine(_dir, "bad.json"));
        Assert.Equal(2, code);
        Assert.StartsWith("error: chat template ", error);
        Assert.Contains("System role not supported", error);
        Assert.DoesNotContain("   at ", error);
    }

}
