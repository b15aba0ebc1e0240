using System.Text.RegularExpressions;
using SharpAlign.Tokenization;

namespace SharpAlign.Tests.Data;

/// <summary>
/// A deterministic word-level stand-in for a real tokenizer: "&lt;s&gt;" and "&lt;/s&gt;" are special
/// tokens; other text splits into pieces where a single space attaches to the following word
/// (like GPT-2's pre-tokenizer), and any other whitespace character is a piece of its own. So a prompt
/// ending in a space tokenizes differently alone ("Q:", " ") than joined with "A" ("Q:", " A"): the
/// boundary-merge case. Ids are assigned in order of first sight. With <c>addBos</c> it adds BOS
/// when encoding with special tokens (Llama-like); without, it never does (GPT-2-like).
/// It checks the data pipeline's rule, not any real vocabulary.
/// </summary>
internal sealed partial class FakeWordTokenizer(bool addBos) : ITokenizer
{
    private readonly Dictionary<string, int> _ids = new() { ["<unk>"] = 0, ["<s>"] = 1, ["</s>"] = 2 };
    private readonly List<string> _pieces = ["<unk>", "<s>", "</s>"];

    [GeneratedRegex(@"<s>|</s>| ?(?:(?!</?s>)\S)+|\s")]
    private static partial Regex Pieces();

    public int VocabSize => 1000;
    public string? BosToken => "<s>";
    public int? BosId => 1;
    public string? EosToken => "</s>";
    public int? EosId => 2;

    public int[] Encode(string text, bool addSpecialTokens = true)
    {
        var ids = new List<int>();
        if (addSpecialTokens && addBos) ids.Add(1);
        foreach (Match m in Pieces().Matches(text)) ids.Add(Id(m.Value));
        return ids.ToArray();
    }

    public int Id(string piece)
    {
        if (!_ids.TryGetValue(piece, out int id))
        {
            id = _pieces.Count;
            _ids[piece] = id;
            _pieces.Add(piece);
        }
        return id;
    }

    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false)
    {
        var sb = new System.Text.StringBuilder();
        foreach (int id in ids)
            if (!(skipSpecialTokens && id < 3)) sb.Append(_pieces[id]);
        return sb.ToString();
    }

    /// <summary>Ids of the given pieces (for writing expected values).</summary>
    public int[] Ids(params string[] pieces) => pieces.Select(Id).ToArray();
}

/// <summary>A Zephyr-style test renderer: "&lt;|role|&gt;\ncontent&lt;/s&gt;\n" per turn, generation prompt "&lt;|assistant|&gt;\n".</summary>
internal sealed class FakeZephyrRenderer : SharpAlign.Data.Tokenizing.IChatRenderer
{
    public string Render(IReadOnlyList<SharpAlign.Data.Schema.ChatMessage> messages, bool addGenerationPrompt) =>
        string.Concat(messages.Select(m => $"<|{m.Role}|>\n{m.Content}</s>\n")) + (addGenerationPrompt ? "<|assistant|>\n" : "");
}
