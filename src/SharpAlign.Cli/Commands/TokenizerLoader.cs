using SharpAlign.Data.Tokenizing;
using SharpAlign.Tokenization;

namespace SharpAlign.Cli.Commands;

/// <summary>Loads a tokenizer folder for the data commands.</summary>
internal static class TokenizerLoader
{
    /// <summary>The tokenizer and (when the folder has a chat template) a renderer; both null without a folder.</summary>
    public static (ITokenizer? Tokenizer, IChatRenderer? Renderer) Load(string? folder)
    {
        if (folder is null) return (null, null);
        throw new InputException("--tokenizer: no tokenizer implementation is available in this build yet");
    }
}
