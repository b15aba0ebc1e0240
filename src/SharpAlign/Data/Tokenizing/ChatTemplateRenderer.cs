using SharpAlign.Tokenization.Templates;

namespace SharpAlign.Data.Tokenizing;

/// <summary>The chat-template engine behind the data pipeline's <see cref="IChatRenderer"/> seam.</summary>
public sealed class ChatTemplateRenderer(ChatTemplate template) : IChatRenderer
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
        template.Render(messages.Select(m => new Tokenization.Templates.ChatMessage(m.Role, m.Content)).ToList(), addGenerationPrompt);
}
