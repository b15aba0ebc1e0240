namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// One chat turn as a template sees it: <c>message['role']</c>, <c>message['content']</c>
/// (a string, or a list of content parts, or null) and any further fields
/// (<c>tool_calls</c>, <c>reasoning_content</c>, …) in <paramref name="Fields"/>.
/// </summary>
public sealed record ChatMessage(string Role, object? Content, IReadOnlyDictionary<string, object?>? Fields = null)
{
    /// <summary>The message as the dict a template receives: role, content, then the extra fields in order.</summary>
    internal IEnumerable<KeyValuePair<string, object?>> AsDictionary()
    {
        yield return new("role", Role);
        yield return new("content", Content);
        if (Fields is null) yield break;
        foreach (var kv in Fields)
            if (kv.Key is not ("role" or "content")) yield return kv;
    }
}
