using SharpAlign.Tokenization;

namespace SharpAlign.Tests.Tokenization;

/// <summary>
/// Synthetic tokenizer.json files with the component layout of other model families
/// (formats.md §3.10): the pipeline is driven by the file, so the same code must handle them.
/// The vocabulary is the 256 byte-level characters (id = byte value) plus a few whole words.
/// </summary>
public class ModelFamilyShapeTests
{
    private static string[] ByteVocab(params string[] extra)
    {
        var tokens = new List<string>();
        for (int b = 0; b < 256; b++) tokens.Add(ByteChar(b).ToString());
        tokens.AddRange(extra);
        return tokens.ToArray();
    }

    private static char ByteChar(int b) =>
        b is (>= 0x21 and <= 0x7E) or (>= 0xA1 and <= 0xAC) or (>= 0xAE and <= 0xFF) ? (char)b
            : (char)(256 + Enumerable.Range(0, b).Count(x => !(x is (>= 0x21 and <= 0x7E) or (>= 0xA1 and <= 0xAC) or (>= 0xAE and <= 0xFF))));

    private static string Split(string pattern) =>
        $$"""{"type":"Split","pattern":{"Regex":{{System.Text.Json.JsonSerializer.Serialize(pattern)}}},"behavior":"Isolated","invert":false}""";

    [Fact]
    public void Llama3Layout()
    {
        var t = TinyTokenizer.Build(ByteVocab("Hello", "Ġworld"),
            preTokenizer: $$"""{"type":"Sequence","pretokenizers":[{{Split(SharpAlign.Tokenization.Text.PatternMatchers.Llama3)}},{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":false}]}""",
            postProcessor: """
                {"type":"Sequence","processors":[{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":true},
                 {"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<|begin_of_text|>","type_id":0}},{"Sequence":{"id":"A","type_id":0}}],
                  "pair":[],"special_tokens":{"<|begin_of_text|>":{"id":"<|begin_of_text|>","ids":[300],"tokens":["<|begin_of_text|>"]}}}]}
                """,
            decoder: """{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":true}""",
            addedTokens: """{"id":300,"content":"<|begin_of_text|>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}""",
            modelExtras: "\"ignore_merges\":true,");
        // Whole words found in the vocabulary are used directly (ignore_merges); the space before
        // the digits is its own piece; digits go in threes; 'M is a contraction.
        Assert.Equal([300, 256, 257, 32, 49, 50, 51, 52, 53], t.Encode("Hello world 12345"));
        Assert.Equal([73, 39, 77], t.Encode("I'M", addSpecialTokens: false));
        Assert.Equal("Hello world 12345", t.Decode(t.Encode("Hello world 12345"), skipSpecialTokens: true));
        Assert.Equal("<|begin_of_text|>Hello", t.Decode(t.Encode("Hello")));
    }

    [Fact]
    public void Qwen2Layout()
    {
        var t = TinyTokenizer.Build(ByteVocab(),
            normalizer: """{"type":"NFC"}""",
            preTokenizer: $$"""{"type":"Sequence","pretokenizers":[{{Split(SharpAlign.Tokenization.Text.PatternMatchers.Qwen2)}},{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":false,"use_regex":false}]}""",
            postProcessor: """{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":false,"use_regex":false}""",
            decoder: """{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":false,"use_regex":false}""");
        // e + U+0301 is composed by NFC to é (C3 A9); no BOS is added; one digit per piece.
        Assert.Equal([0xC3, 0xA9, 32, 49, 50], t.Encode("e\u0301 12"));
        Assert.Equal("\u00e9 12", t.Decode(t.Encode("e\u0301 12")));
    }

    [Fact]
    public void SmolLm2Layout()
    {
        var t = TinyTokenizer.Build(ByteVocab("ab"), ["a b"],
            preTokenizer: """{"type":"Sequence","pretokenizers":[{"type":"Digits","individual_digits":true},{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true}]}""");
        Assert.Equal([256, 32, 49, 50], t.Encode("ab 12"));
    }

    [Fact]
    public void Phi3LegacyLayoutWithRstripChatTokens()
    {
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        tokens.AddRange(Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>"));
        tokens.AddRange(["▁", "H", "i", "Hi", "▁Hi", "<|user|>"]);
        int user = tokens.Count - 1;
        var t = TinyTokenizer.Build(tokens.ToArray(), ["H i", "▁ Hi"],
            normalizer: """{"type":"Sequence","normalizers":[{"type":"Prepend","prepend":"▁"},{"type":"Replace","pattern":{"String":" "},"content":"▁"}]}""",
            decoder: """{"type":"Sequence","decoders":[{"type":"Replace","pattern":{"String":"▁"},"content":" "},{"type":"ByteFallback"},{"type":"Fuse"},{"type":"Strip","content":" ","start":1,"stop":0}]}""",
            addedTokens: $$"""{"id":{{user}},"content":"<|user|>","single_word":false,"lstrip":false,"rstrip":true,"normalized":false,"special":true}""",
            modelExtras: "\"unk_token\":\"<unk>\",\"byte_fallback\":true,\"fuse_unk\":true,");
        // rstrip swallows the newline after <|user|>; the following text piece is normalized on its own and gets its own ▁.
        Assert.Equal(["<|user|>", "▁Hi"], t.Pieces("<|user|>\nHi"));
        Assert.Equal(["▁Hi", "<|user|>", "▁Hi"], t.Pieces("Hi<|user|> Hi"));
        // Byte fallback for characters outside the vocabulary, decoded back.
        Assert.Equal(["▁", "<0x0A>"], t.Pieces("\n"));
        Assert.Equal("Hi\nHi", t.Decode(t.Encode("Hi\nHi", false)));
    }
}
