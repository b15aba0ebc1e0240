namespace SharpAlign.Data.Schema;

/// <summary>
/// Extracts the shared prompt of an implicit-prompt pair, following TRL's <c>extract_prompt</c>
/// (formats.md §6.3): the longest common prefix of chosen and rejected, by characters for
/// strings and by whole messages for conversations. For strings, when the character just before
/// the first difference is a space, the split moves one left so that the space starts the
/// completions. Indices are UTF-16 units here and code points in Python, so a split never falls
/// inside a surrogate pair (it moves before the pair, as Python's would). TRL's quirk is kept: when one side is a prefix of the other, the loop ends at
/// min_len − 1, so the split is one element earlier (which keeps both completions non-empty).
/// </summary>
public static class ImplicitPrompt
{
    /// <summary>Splits two strings into (prompt, chosen, rejected).</summary>
    public static (string Prompt, string Chosen, string Rejected) Split(string chosen, string rejected)
    {
        int idx = SplitIndex(chosen.Length, rejected.Length, i => chosen[i] == rejected[i]);
        bool diverged = idx < Math.Min(chosen.Length, rejected.Length) && chosen[idx] != rejected[idx];
        if (idx > 0 && char.IsHighSurrogate(chosen[idx - 1])) idx--;
        if (idx > 0 && diverged && chosen[idx - 1] == ' ') idx--;
        return (chosen[..idx], chosen[idx..], rejected[idx..]);
    }

    /// <summary>Splits two conversations into (prompt, chosen, rejected) at whole messages.</summary>
    public static (ChatMessage[] Prompt, ChatMessage[] Chosen, ChatMessage[] Rejected) Split(IReadOnlyList<ChatMessage> chosen, IReadOnlyList<ChatMessage> rejected)
    {
        int idx = SplitIndex(chosen.Count, rejected.Count, i => chosen[i] == rejected[i]);
        return (chosen.Take(idx).ToArray(), chosen.Skip(idx).ToArray(), rejected.Skip(idx).ToArray());
    }

    /// <summary>TRL's loop: the first differing index, or min_len − 1 when none differs (0 for an empty side).</summary>
    private static int SplitIndex(int a, int b, Func<int, bool> same)
    {
        int n = Math.Min(a, b);
        for (int i = 0; i < n; i++)
            if (!same(i)) return i;
        return Math.Max(0, n - 1);
    }
}
