namespace SharpAlign.Data.Schema;

/// <summary>A prompt or completion field: either plain text or a list of chat messages.</summary>
public sealed class RowText : IEquatable<RowText>
{
    private RowText(string? text, IReadOnlyList<ChatMessage>? messages) { Text = text; Messages = messages; }

    /// <summary>The text, for standard (string) rows; null for conversations.</summary>
    public string? Text { get; }

    /// <summary>The messages, for conversational rows; null for text.</summary>
    public IReadOnlyList<ChatMessage>? Messages { get; }

    /// <summary>True for a list of messages.</summary>
    public bool IsConversation => Messages is not null;

    /// <summary>Wraps a string.</summary>
    public static RowText FromText(string text) => new(text, null);

    /// <summary>Wraps a list of messages.</summary>
    public static RowText FromMessages(IReadOnlyList<ChatMessage> messages) => new(null, messages);

    /// <summary>True when the text (or every message's content) is empty or whitespace.</summary>
    public bool IsBlank => Messages is null ? string.IsNullOrWhiteSpace(Text) : Messages.All(m => string.IsNullOrWhiteSpace(m.Content));

    /// <summary>True when a conversation holds at least one assistant turn.</summary>
    public bool HasAssistantTurn => Messages?.Any(m => m.Role == "assistant") ?? false;

    /// <inheritdoc />
    public bool Equals(RowText? other) =>
        other is not null && (Messages is null
            ? other.Messages is null && Text == other.Text
            : other.Messages is not null && Messages.SequenceEqual(other.Messages));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RowText);

    /// <inheritdoc />
    public override int GetHashCode() => Messages is null ? Text!.GetHashCode() : Messages.Count;

    /// <summary>Text as is; a conversation as "role: content" lines (for display).</summary>
    public override string ToString() => Messages is null ? Text! : string.Join("\n", Messages.Select(m => $"{m.Role}: {m.Content}"));
}
