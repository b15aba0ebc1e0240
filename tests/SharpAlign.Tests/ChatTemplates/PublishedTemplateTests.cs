using SharpAlign.Tokenization.Templates;

namespace SharpAlign.Tests.ChatTemplates;

/// <summary>
/// The real templates (exact text in TestData/ChatTemplates) rendered through the ChatMessage API and
/// compared with renderings written out by hand: from shared/research/formats.md §3.12 where it gives
/// them (TinyLlama, Qwen2, SmolLM2), otherwise derived by hand from Jinja semantics (stated per test).
/// Independent of the Jinja2-generated golden files.
/// </summary>
public class PublishedTemplateTests
{
    private static ChatTemplate Load(string file, string? bos, string? eos)
    {
        var tokens = new Dictionary<string, object?>();
        if (bos is not null) tokens["bos_token"] = bos;
        if (eos is not null) tokens["eos_token"] = eos;
        return new ChatTemplate(File.ReadAllText(Path.Combine(GoldenCases.DataDir, file)), tokens, file);
    }

    private static readonly ChatMessage[] SysHiHello = [new("system", "SYS"), new("user", "Hi"), new("assistant", "Hello")];

    [Fact]
    public void TinyLlama_matches_formats_md()
    {
        var t = Load("tinyllama-chat.jinja", "<s>", "</s>");
        // formats.md: "<|system|>\nSYS</s>\n<|user|>\nHi</s>\n<|assistant|>\nHello</s>\n"
        Assert.Equal("<|system|>\nSYS</s>\n<|user|>\nHi</s>\n<|assistant|>\nHello</s>\n", t.Render(SysHiHello));
        // formats.md: with add_generation_prompt the last user turn is followed by "<|assistant|>\n".
        Assert.Equal("<|system|>\nSYS</s>\n<|user|>\nHi</s>\n<|assistant|>\n",
            t.Render([new("system", "SYS"), new("user", "Hi")], addGenerationPrompt: true));
    }

    [Fact]
    public void Qwen2_chatml_matches_formats_md()
    {
        var t = Load("qwen2-instruct.jinja", null, "<|im_end|>");
        // Default system turn injected when the first message is not a system message.
        Assert.Equal("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
            t.Render([new("user", "Hi")], addGenerationPrompt: true));
        Assert.Equal("<|im_start|>system\nSYS<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello<|im_end|>\n",
            t.Render(SysHiHello));
    }

    [Fact]
    public void SmolLM2_chatml_matches_formats_md()
    {
        var t = Load("smollm2-instruct.jinja", "<|im_start|>", "<|im_end|>");
        Assert.Equal("<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n" +
                     "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello<|im_end|>\n",
            t.Render([new("user", "Hi"), new("assistant", "Hello")]));
    }

    [Fact]
    public void Llama3_bos_once_and_content_trimmed()
    {
        // Derived by hand: bos_token before the first turn only; "| trim" binds tighter than "+",
        // so only the content is trimmed (formats.md §3.12 item 4).
        var t = Load("llama3-instruct.jinja", "<|begin_of_text|>", "<|eot_id|>");
        Assert.Equal("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nSYS<|eot_id|>" +
                     "<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>" +
                     "<|start_header_id|>assistant<|end_header_id|>\n\n",
            t.Render([new("system", " SYS\n"), new("user", "\n Hi there  ")], addGenerationPrompt: true));
    }

    [Fact]
    public void Mixtral_inst_format_and_alternation_error()
    {
        // Derived by hand: "[INST] user [/INST]" then "answer</s>", no spaces added between turns.
        var t = Load("mixtral-instruct.jinja", "<s>", "</s>");
        Assert.Equal("<s>[INST] Hi [/INST]Hello</s>[INST] Again [/INST]",
            t.Render([new("user", "Hi"), new("assistant", "Hello"), new("user", "Again")]));
        var e = Assert.Throws<TemplateRaisedException>(() => t.Render([new("user", "a"), new("user", "b")]));
        Assert.Equal("Conversation roles must alternate user/assistant/user/assistant/...", e.TemplateMessage);
        Assert.Contains("Conversation roles must alternate", e.Message);
    }

    [Fact]
    public void Mistral_v01_merges_system_into_first_user_turn()
    {
        // Derived by hand: "{%-"/"{{-" strip the template's indentation; the system text joins the first user turn.
        var t = Load("mistral-instruct-v0.1.jinja", "<s>", "</s>");
        Assert.Equal("<s> [INST] SYS\n\nHi [/INST] Hello</s>", t.Render(SysHiHello));
    }

    [Fact]
    public void Gemma_model_role_trim_and_system_rejected()
    {
        // Derived by hand: assistant is renamed "model", content trimmed, one newline after each turn.
        var t = Load("gemma-it.jinja", "<bos>", "<eos>");
        Assert.Equal("<bos><start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\nHello<end_of_turn>\n<start_of_turn>model\n",
            t.Render([new("user", " Hi "), new("assistant", "Hello\n")], addGenerationPrompt: true));
        var e = Assert.Throws<TemplateRaisedException>(() => t.Render(SysHiHello));
        Assert.Equal("System role not supported", e.TemplateMessage);
    }

    [Fact]
    public void Extra_fields_and_variables_reach_the_template()
    {
        var t = new ChatTemplate("{% for m in messages %}{{ m.role }}:{{ m.content }}:{{ m.name | default('-') }};{% endfor %}{{ date_string }}|{{ tools is none }}|{{ bos_token is defined }}");
        var messages = new[] { new ChatMessage("user", "x", new Dictionary<string, object?> { ["name"] = "bob" }), new ChatMessage("assistant", null) };
        Assert.Equal("user:x:bob;assistant:None:-;26 Jul 2024|True|False",
            t.Render(messages, extra: new Dictionary<string, object?> { ["date_string"] = "26 Jul 2024" }));
    }

    [Fact]
    public void Serves_the_data_pipeline_through_IChatRenderer()
    {
        SharpAlign.Data.Tokenizing.IChatRenderer renderer = new SharpAlign.Data.Tokenizing.ChatTemplateRenderer(Load("qwen2-instruct.jinja", null, "<|im_end|>"));
        Assert.Equal("<|im_start|>system\nSYS<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
            renderer.Render([new SharpAlign.Data.Schema.ChatMessage("system", "SYS"), new SharpAlign.Data.Schema.ChatMessage("user", "Hi")], addGenerationPrompt: true));
    }

    [Fact]
    public void Qwen3_thinking_switch_and_history_reasoning()
    {
        // Derived by hand: with enable_thinking=false the generation prompt carries an empty think block;
        // an earlier assistant turn loses its <think> part, the final one (after the last user query) keeps it.
        var t = Load("qwen3.jinja", null, "<|im_end|>");
        Assert.Equal("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
            t.Render([new("user", "Hi")], addGenerationPrompt: true, extra: new Dictionary<string, object?> { ["enable_thinking"] = false }));
        Assert.Equal("<|im_start|>user\nQ1<|im_end|>\n<|im_start|>assistant\nA1<|im_end|>\n" +
                     "<|im_start|>user\nQ2<|im_end|>\n<|im_start|>assistant\n<think>\nr2\n</think>\n\nA2<|im_end|>\n",
            t.Render([new("user", "Q1"), new("assistant", "<think>\nr1\n</think>\n\nA1"), new("user", "Q2"), new("assistant", "<think>\nr2\n</think>\n\nA2")]));
    }
}
