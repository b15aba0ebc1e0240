using System.Text.Json;
using SharpAlign.Tokenization;

namespace SharpAlign.Tests.Tokenization;

/// <summary>
/// Every case of the shared cases.jsonl files (ids produced by the Hugging Face tokenizers
/// library, via llama.cpp's and transformers.js's test vectors) must be reproduced exactly.
/// </summary>
public class GoldenCaseTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var folder in new[] { "gpt-2", "llama-spm" })
        {
            int n = File.ReadLines(Path.Combine(TestTokenizers.Folder(folder), "cases.jsonl")).Count(l => l.Trim().Length > 0);
            for (int i = 0; i < n; i++) data.Add(folder, i);
        }
        return data;
    }

    private static (string Text, int[] Ids, bool AddSpecial) Case(string folder, int index)
    {
        var line = File.ReadLines(Path.Combine(TestTokenizers.Folder(folder), "cases.jsonl")).Where(l => l.Trim().Length > 0).ElementAt(index);
        using var doc = JsonDocument.Parse(line);
        var r = doc.RootElement;
        return (r.GetProperty("text").GetString()!, r.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            r.GetProperty("add_special_tokens").GetBoolean());
    }

    private static HuggingFaceTokenizer For(string folder) => folder == "gpt-2" ? TestTokenizers.Gpt2 : TestTokenizers.Llama;

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncodeMatchesHuggingFace(string folder, int index)
    {
        var (text, ids, addSpecial) = Case(folder, index);
        Assert.Equal(ids, For(folder).Encode(text, addSpecial));
    }
}
