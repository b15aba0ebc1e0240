using SharpAlign.Data.Schema;

namespace SharpAlign.Data.Tokenizing;

/// <summary>
/// Renders a conversation to the text a chat model was trained on (its chat template). The
/// chat-template engine (Tokenization/Templates/) satisfies this seam through a one-line adapter.
/// </summary>
public interface IChatRenderer
{
    /// <summary>
    /// The template applied to <paramref name="messages"/>; with <paramref name="addGenerationPrompt"/>
    /// the text that opens an assistant turn is appended (used for prompts).
    /// </summary>
    string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt);
}
