using SharpAlign.Tokenization;

namespace SharpAlign.Tests.Tokenization;

/// <summary>tokenizer_config.json, special_tokens_map.json and chat_template.jinja as plain data.</summary>
public class TokenizerConfigTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sharpalign-tokcfg-" + Guid.NewGuid().ToString("N"));

    public TokenizerConfigTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void LlamaFolderExposesItsSpecialTokensAndFlags()
    {
        var l = TestTokenizers.Llama;
        Assert.Equal("<s>", l.BosToken);
        Assert.Equal(1, l.BosId);
        Assert.Equal("</s>", l.EosToken);
        Assert.Equal(2, l.EosId);
        Assert.True(l.Config.AddBosToken);
        Assert.False(l.Config.AddEosToken);
        Assert.Equal("<unk>", l.Config.UnkToken);
        Assert.Null(l.Config.PadToken);
        Assert.Equal("LlamaTokenizer", l.Config.TokenizerClass);
        Assert.Equal(2048, l.Config.ModelMaxLength);
        Assert.Equal("false", l.Config.Raw["clean_up_tokenization_spaces"]);
        Assert.Equal(32000, l.VocabSize);
        Assert.True(l.IsSpecial(2));
        Assert.False(l.IsSpecial(15043));
    }

    [Fact]
    public void Gpt2FolderDeclaresNoSpecialTokens()
    {
        var g = TestTokenizers.Gpt2;
        Assert.Null(g.BosToken);
        Assert.Null(g.EosId);
        Assert.Equal(1024, g.Config.ModelMaxLength);
        Assert.Equal(50257, g.VocabSize);
        Assert.Equal("Ġworld", g.IdToToken(995));
        Assert.Equal(995, g.TokenToId("Ġworld"));
    }

    [Fact]
    public void JinjaFileWinsAndSpecialTokensMapFillsGaps()
    {
        File.WriteAllText(Path.Combine(_dir, "tokenizer_config.json"), """
            {"chat_template":[{"name":"default","template":"inline {{ x }}"},{"name":"tool_use","template":"tools"}],
             "eos_token":{"__type":"AddedToken","content":"<|im_end|>","lstrip":false,"normalized":false,"rstrip":false,"single_word":false},
             "bos_token":null,"add_bos_token":false}
            """);
        File.WriteAllText(Path.Combine(_dir, "special_tokens_map.json"), """{"pad_token":"<|endoftext|>","eos_token":"ignored","additional_special_tokens":["<|im_start|>","<|im_end|>"]}""");
        var c = TokenizerConfig.FromDirectory(_dir);
        Assert.Equal("inline {{ x }}", c.ChatTemplate);
        Assert.Equal("tools", c.NamedChatTemplates["tool_use"]);
        Assert.Equal("<|im_end|>", c.EosToken);
        Assert.Null(c.BosToken);
        Assert.Equal("<|endoftext|>", c.PadToken);
        Assert.Equal(["<|im_start|>", "<|im_end|>"], c.AdditionalSpecialTokens);
        Assert.False(c.AddBosToken);

        File.WriteAllText(Path.Combine(_dir, "chat_template.jinja"), "from file");
        Assert.Equal("from file", TokenizerConfig.FromDirectory(_dir).ChatTemplate);
    }

    [Fact]
    public void SplitSpecialTokensLeavesSpecialTokensToTheModel()
    {
        File.Copy(Path.Combine(TestTokenizers.Folder("gpt-2"), "tokenizer.json"), Path.Combine(_dir, "tokenizer.json"));
        File.WriteAllText(Path.Combine(_dir, "tokenizer_config.json"), """{"split_special_tokens":true}""");
        var split = HuggingFaceTokenizer.FromDirectory(_dir);
        var g = TestTokenizers.Gpt2;
        Assert.Equal([15496, 50256], g.Encode("Hello<|endoftext|>", false));
        int[] asText = split.Encode("Hello<|endoftext|>", false);
        Assert.DoesNotContain(50256, asText);
        Assert.Equal("Hello<|endoftext|>", split.Decode(asText));
    }

    [Fact]
    public void BadFilesNameTheFileAndField()
    {
        File.WriteAllText(Path.Combine(_dir, "tokenizer_config.json"), """{"add_bos_token":"yes"}""");
        var ex = Assert.Throws<SharpAlign.InputException>(() => TokenizerConfig.FromDirectory(_dir));
        Assert.Contains("tokenizer_config.json", ex.Message);
        Assert.Contains("add_bos_token", ex.Message);
        File.WriteAllText(Path.Combine(_dir, "tokenizer_config.json"), "{not json");
        Assert.Contains("invalid JSON", Assert.Throws<SharpAlign.InputException>(() => TokenizerConfig.FromDirectory(_dir)).Message);
        var missing = Assert.Throws<SharpAlign.InputException>(() => HuggingFaceTokenizer.FromDirectory(_dir));
        Assert.Contains("no tokenizer.json", missing.Message);
    }
}
