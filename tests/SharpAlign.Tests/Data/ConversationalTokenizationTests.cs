using SharpAlign.Data.Reading;
using SharpAlign.Data.Schema;
using SharpAlign.Data.Tokenizing;
using SharpAlign.Tests.Tokenization;
using SharpAlign.Tokenization.Templates;

namespace SharpAlign.Tests.Data;

/// <summary>
/// Conversational rows through the real TinyLlama (Zephyr-style) chat template and the Llama-2 tokenizer.
/// Expected texts are formats.md §3.12's hand-written renderings of that template.
/// </summary>
public class ConversationalTokenizationTests
{
    private static IChatRenderer TinyLlama() => new ChatTemplateRenderer(new ChatTemplate(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "ChatTemplates", "tinyllama-chat.jinja")),
        new Dictionary<string, object?> { ["bos_token"] = "<s>", ["eos_token"] = "</s>" }));

    [Fact]
    public void PromptGetsTheGenerationPromptAndNoAddedBos()
    {
        var tok = TestTokenizers.Llama;
        var pt = new PreferenceTokenizer(tok, TinyLlama(), new());
        var ex = new PreferenceExample
        {
            Origin = new RowOrigin("c.jsonl", 1, 1),
            Prompt = RowText.FromMessages([new("system", "SYS"), new("user", "Hi")]),
            Chosen = RowText.FromMessages([new("assistant", "Hello")]),
            Rejected = RowText.FromMessages([new("assistant", "Go away")]),
        };
        var e = pt.Tokenize(ex).Example!;
        const string promptText = "<|system|>\nSYS</s>\n<|user|>\nHi</s>\n<|assistant|>\n";
        Assert.Equal(tok.Encode(promptText, addSpecialTokens: false), e.Prompt);
        Assert.NotEqual(1, e.Prompt[0]);
        Assert.Equal(tok.Encode(promptText + "Hello</s>\n", addSpecialTokens: false), e.Prompt.Concat(e.Chosen).ToArray());
        Assert.Equal(tok.Encode(promptText + "Go away</s>\n", addSpecialTokens: false), e.Prompt.Concat(e.Rejected!).ToArray());
        // this tokenizer.json marks "</s>" as a normalized added token, so "Hello</s>" keeps it as text: reported
        Assert.DoesNotContain(2, e.Chosen);
        Assert.Equal(1, pt.Stats.EosTextNotEosId);
    }
}
