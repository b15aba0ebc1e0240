using SharpAlign.Data.Tokenizing;
using SharpAlign.Tokenization;

namespace SharpAlign.Cli.Commands;

/// <summary>Loads a tokenizer folder for the data commands.</summary>
internal static class TokenizerLoader
{
    /// <summary>
    /// The tokenizer of <paramref name="folder"/> and, when the folder has a chat template, a renderer
    /// for conversational rows (null otherwise: such rows then stop with a message). Both null without a folder.
    /// </summary>
    public static (ITokenizer? Tokenizer, IChatRenderer? Renderer) Load(string? folder) =>
        folder is null ? (null, null) : (HuggingFaceTokenizer.FromDirectory(folder), ChatTemplateRenderer.TryLoad(folder));
}
