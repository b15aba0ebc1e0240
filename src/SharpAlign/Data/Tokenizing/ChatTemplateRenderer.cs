using SharpAlign.Data.Schema;
using SharpAlign.Tokenization;
using SharpAlign.Tokenization.Templates;

namespace SharpAlign.Data.Tokenizing;

/// <summary>The adapter from the chat-template engine to <see cref="IChatRenderer"/>.</summary>
/// <param name="template">The model's chat template.</param>
/// <param name="variables">Extra template variables, e.g. a fixed <c>date_string</c> so Llama-3.1 prompts do not change daily.</param>
public sealed class ChatTemplateRenderer(ChatTemplate template, IDictionary<string, object?>? variables = null) : IChatRenderer
{
    /// <summary>
    /// Llama-3.1/3.2 templates print today's date unless given <c>date_string</c>; training prompts must not
    /// change from day to day, so folder-loaded renderers pass this fixed date (formats.md §3.12).
    /// </summary>
    public const string FixedDate = "26 Jul 2024";

    /// <summary>The renderer of a tokenizer folder's template (with <see cref="FixedDate"/>), or null when the folder has none.</summary>
    public static ChatTemplateRenderer? TryLoad(string tokenizerDir)
    {
        var config = TokenizerConfig.FromDirectory(tokenizerDir);
        bool has = File.Exists(Path.Combine(tokenizerDir, "chat_template.jinja")) || config.ChatTemplate is not null || config.NamedChatTemplates.Count > 0;
        return has ? new ChatTemplateRenderer(ChatTemplateFiles.Load(tokenizerDir), new Dictionary<string, object?> { ["date_string"] = FixedDate }) : null;
    }

    /// <inheritdoc />
    public string Render(IReadOnlyList<Schema.ChatMessage> messages, bool addGenerationPrompt) =>
        template.Render(messages.Select(m => new Tokenization.Templates.ChatMessage(m.Role, m.Content)).ToList(), addGenerationPrompt, variables);
}
