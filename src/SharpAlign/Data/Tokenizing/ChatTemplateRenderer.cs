using SharpAlign.Data.Schema;
using SharpAlign.Tokenization.Templates;

namespace SharpAlign.Data.Tokenizing;

/// <summary>The adapter from the chat-template engine to <see cref="IChatRenderer"/>.</summary>
/// <param name="template">The model's chat template.</param>
/// <param name="variables">Extra template variables, e.g. a fixed <c>date_string</c> so Llama-3.1 prompts do not change daily.</param>
public sealed class ChatTemplateRenderer(ChatTemplate template, IDictionary<string, object?>? variables = null) : IChatRenderer
{
    /// <summary>The renderer of a tokenizer folder's template, or null when the folder has none.</summary>
    public static ChatTemplateRenderer? TryLoad(string tokenizerDir)
    {
        bool has = File.Exists(Path.Combine(tokenizerDir, "chat_template.jinja")) ||
            File.Exists(Path.Combine(tokenizerDir, "tokenizer_config.json")) &&
            File.ReadAllText(Path.Combine(tokenizerDir, "tokenizer_config.json")).Contains("\"chat_template\"");
        return has ? new ChatTemplateRenderer(ChatTemplateFiles.Load(tokenizerDir)) : null;
    }

    /// <inheritdoc />
    public string Render(IReadOnlyList<Schema.ChatMessage> messages, bool addGenerationPrompt) =>
        template.Render(messages.Select(m => new Tokenization.Templates.ChatMessage(m.Role, m.Content)).ToList(), addGenerationPrompt, variables);
}
