using System.Text.Json;
using SharpAlign.Data.Tokenizing;

namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// A model's chat template with its special tokens: renders a conversation exactly as
/// transformers' <c>apply_chat_template(tokenize=False)</c> does. The template receives
/// <c>messages</c>, <c>add_generation_prompt</c>, <c>tools</c> and <c>documents</c> (none unless
/// given), every special token the tokenizer defines (<c>bos_token</c>, <c>eos_token</c>, …;
/// absent ones stay undefined) and the extra keyword arguments, which win over the tokens.
/// </summary>
public sealed class ChatTemplate
{
    private readonly Template _template;
    private readonly Func<DateTime>? _clock;

    /// <summary>Parses <paramref name="source"/>; <paramref name="specialTokens"/> maps names such as "bos_token" to their text.</summary>
    public ChatTemplate(string source, IReadOnlyDictionary<string, object?>? specialTokens = null, string name = "chat_template",
        TemplateLimits? limits = null, Func<DateTime>? clock = null)
    {
        Source = source;
        _template = Template.Parse(source, name, limits);
        SpecialTokens = specialTokens ?? new Dictionary<string, object?>();
        _clock = clock;
    }

    /// <summary>The template text.</summary>
    public string Source { get; }

    /// <summary>Special tokens passed to the template (bos_token, eos_token, unk_token, pad_token, additional_special_tokens…).</summary>
    public IReadOnlyDictionary<string, object?> SpecialTokens { get; }

    /// <summary>The beginning-of-sequence token text, when the tokenizer has one.</summary>
    public string? BosToken => SpecialTokens.GetValueOrDefault("bos_token") as string;

    /// <summary>The end-of-sequence token text, when the tokenizer has one.</summary>
    public string? EosToken => SpecialTokens.GetValueOrDefault("eos_token") as string;

    /// <summary>Renders <paramref name="messages"/>; <paramref name="extra"/> adds variables (tools, date_string, enable_thinking, …).</summary>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = false, IDictionary<string, object?>? extra = null) =>
        RenderValues(new ListValue(messages.Select(m => TemplateValue.From(m.AsDictionary().ToList())).ToList()), addGenerationPrompt, extra);

    /// <summary>Renders messages given as parsed JSON (an array of objects, every field kept in order).</summary>
    public string Render(JsonElement messages, bool addGenerationPrompt = false, IDictionary<string, object?>? extra = null)
    {
        if (messages.ValueKind != JsonValueKind.Array) throw new InputException($"messages must be a JSON array of message objects, not {messages.ValueKind}");
        return RenderValues(TemplateValue.FromJson(messages), addGenerationPrompt, extra);
    }

    private string RenderValues(TemplateValue messages, bool addGenerationPrompt, IDictionary<string, object?>? extra)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["messages"] = messages,
            ["tools"] = null,
            ["documents"] = null,
            ["add_generation_prompt"] = addGenerationPrompt,
        };
        foreach (var (k, v) in SpecialTokens) variables[k] = v;
        if (extra is not null) foreach (var (k, v) in extra) variables[k] = v;
        return _template.Render(variables, _clock);
    }
}
