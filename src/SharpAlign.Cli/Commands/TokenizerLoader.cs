using SharpAlign.Data.Tokenizing;
using SharpAlign.Tokenization;

namespace SharpAlign.Cli.Commands;

/// <summary>Loads a tokenizer folder for the data commands.</summary>
internal static class TokenizerLoader
{
    /// <summary>
    /// The tokenizer of <paramref name="folder"/> (null without one). The chat renderer is null until the
    /// chat-template engine is merged: conversational rows then stop with a message saying so.
    /// </summary>
    public static (ITokenizer? Tokenizer, IChatRenderer? Renderer) Load(string? folder) =>
        folder is null ? (null, null) : (HuggingFaceTokenizer.FromDirectory(folder), null);
}
