using SharpAlign.Data.Schema;
using SharpAlign.Tokenization;
using SharpAlign.Tokenization.Templates;

namespace SharpAlign.Data.Tokenizing;

/// <summary>The adapter from the chat-template engine to <see cref="IChatRenderer"/>.</summary>
/// <param name="template">The model's chat template.</param>
/// <param name="variables">Extra template variables, e.g. a fixed <c>date_string</c> so Llama-3.1 prompts do not change daily.</param>
public sealed class ChatTemplateRenderer(ChatTemplate template, IDictionary<string, object?>? variables = null) : IChatRenderer
{
    /// <summary>Llama-3.1-style templates print today's date unless given one; training prompts must not change daily.</summary>
    public const string FixedDate = "26 Jul 2024";

    /// <summary>
    /// The renderer of a tokenizer folder's chat template (with <see cref="FixedDate"/> as <c>date_string</c>),
    /// or null when the folder has no template.
    /// </summary>
    public static ChatTemplateRenderer? TryLoad(string tokenizerDir, TokenizerConfig config)
    {
        bool has = config.ChatTemplate is not null || config.NamedChatTemplates.Count > 0 || File.Exists(Path.Combine(tokenizerDir, "chat_template.jinja"));
        return has ? new ChatTemplateRenderer(ChatTemplateFiles.Load(tokenizerDir), new Dictionary<string, object?> { ["date_string"] = FixedDate }) : null;
    }

    /// <inheritdoc />
    public string Render(IReadOnlyList<Schema.ChatMessage> messages, bool addGenerationPrompt) =>
        template.Render(messages.Select(m => new Tokenization.Templates.ChatMessage(m.Role, m.Content)).ToList(), addGenerationPrompt, variables);
}
