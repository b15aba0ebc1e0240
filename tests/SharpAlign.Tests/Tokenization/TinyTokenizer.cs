using System.Text.Json;
using SharpAlign.Tokenization;

namespace SharpAlign.Tests.Tokenization;

/// <summary>Builds small tokenizer.json documents by hand for component tests.</summary>
internal static class TinyTokenizer
{
    /// <summary>
    /// A BPE tokenizer whose vocabulary is <paramref name="tokens"/> (ids in order) with the given
    /// merges ("a b") and optional component JSON snippets.
    /// </summary>
    public static HuggingFaceTokenizer Build(string[] tokens, string[]? merges = null, string? normalizer = null,
        string? preTokenizer = null, string? postProcessor = null, string? decoder = null, string? addedTokens = null,
        string modelExtras = "")
        => HuggingFaceTokenizer.FromJson(Json(tokens, merges, normalizer, preTokenizer, postProcessor, decoder, addedTokens, modelExtras), origin: "tiny.json");

    /// <summary>The tokenizer.json text <see cref="Build"/> uses.</summary>
    public static string Json(string[] tokens, string[]? merges = null, string? normalizer = null, string? preTokenizer = null,
        string? postProcessor = null, string? decoder = null, string? addedTokens = null, string modelExtras = "")
    {
        string vocab = string.Join(",", tokens.Select((t, i) => $"{JsonSerializer.Serialize(t)}:{i}"));
        string mergeList = string.Join(",", (merges ?? []).Select(m => JsonSerializer.Serialize(m)));
        return $$$"""
            {"version":"1.0","truncation":null,"padding":null,
             "added_tokens":[{{{addedTokens ?? ""}}}],
             "normalizer":{{{normalizer ?? "null"}}},
             "pre_tokenizer":{{{preTokenizer ?? "null"}}},
             "post_processor":{{{postProcessor ?? "null"}}},
             "decoder":{{{decoder ?? "null"}}},
             "model":{"type":"BPE","dropout":null,{{{modelExtras}}}"vocab":{{{{vocab}}}},"merges":[{{{mergeList}}}]}}
            """;
    }

    /// <summary>The token strings of <paramref name="ids"/>.</summary>
    public static string[] Tokens(this HuggingFaceTokenizer t, int[] ids) => ids.Select(id => t.IdToToken(id)!).ToArray();

    /// <summary>Encodes without special tokens and returns the token strings.</summary>
    public static string[] Pieces(this HuggingFaceTokenizer t, string text) => t.Tokens(t.Encode(text, addSpecialTokens: false));

    /// <summary>Every printable ASCII character and the space, as single-character tokens.</summary>
    public static string[] AsciiChars() => Enumerable.Range(0x20, 0x5F).Select(c => ((char)c).ToString()).ToArray();
}
