namespace SharpAlign.Data.Schema;

/// <summary>One turn of a conversation, as in Hugging Face datasets: <c>{"role": ..., "content": ...}</c>.</summary>
/// <param name="Role">"system", "user", "assistant" or "tool".</param>
/// <param name="Content">The text of the turn.</param>
public sealed record ChatMessage(string Role, string Content);
