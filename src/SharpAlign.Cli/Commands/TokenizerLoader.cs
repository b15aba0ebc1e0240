using SharpAlign.Data.Tokenizing;
using SharpAlign.Tokenization;
using SharpAlign.Tokenization.Templates;

namespace SharpAlign.Cli.Commands;

/// <summary>Loads a tokenizer folder for the data commands.</summary>
internal static class TokenizerLoader
{
    /// <summary>Llama-3.1-style templates print today's date unless given one; training prompts must not change daily.</summary>
    private const string FixedDate = "26 Jul 2024";

    /// <summary>
    /// The tokenizer of <paramref name="folder"/> and, when the folder has a chat template, a renderer
    /// for conversational rows (null otherwise: such rows then stop with a message). Both null without a folder.
    /// </summary>
    public static (ITokenizer? Tokenizer, IChatRenderer? Renderer) Load(string? folder)
    {
        if (folder is null) return (null, null);
        var tokenizer = HuggingFaceTokenizer.FromDirectory(folder);
        bool hasTemplate = tokenizer.Config.ChatTemplate is not null || File.Exists(Path.Combine(folder, "chat_template.jinja"));
        var renderer = hasTemplate
            ? new ChatTemplateRenderer(ChatTemplateFiles.Load(folder), new Dictionary<string, object?> { ["date_string"] = FixedDate })
            : null;
        return (tokenizer, renderer);
    }
}
