using SharpAlign.Tokenization.Decoders;
using SharpAlign.Tokenization.Normalizers;
using SharpAlign.Tokenization.PreTokenizers;

namespace SharpAlign.Tests.Tokenization;

/// <summary>Decoders (tokenizers decode_chain semantics), one by one and chained.</summary>
public class DecoderTests
{
    [Fact]
    public void ByteLevelMapsCharactersBackToUtf8()
    {
        var d = new ByteLevelDecoder();
        Assert.Equal(["Hello my friend"], d.DecodeChain(["Hello", "Ġmy", "Ġfriend"]));
        // A token with characters outside the table is taken as its own UTF-8 text.
        Assert.Equal(["Hello there dear friend! [PA D]"], d.DecodeChain(["Hello", "Ġthere", "Ġdear", "Ġfriend!", "Ġ", "[PA D]"]));
        // "Ã" stands for byte C3, an incomplete UTF-8 sequence: replaced by U+FFFD.
        Assert.Equal(["a\uFFFD"], d.DecodeChain(["a", "Ã"]));
        Assert.Equal(["é"], d.DecodeChain(["Ã", "©"]));
    }

    [Fact]
    public void MetaspaceDropsTheFirstTokensReplacement()
    {
        Assert.Equal(["Hey", " friend!"], new MetaspaceDecoder('▁', PrependScheme.Always).DecodeChain(["▁Hey", "▁friend!"]));
        Assert.Equal([" Hey", " friend!"], new MetaspaceDecoder('▁', PrependScheme.Never).DecodeChain(["▁Hey", "▁friend!"]));
    }

    [Fact]
    public void ByteFallbackJoinsByteRunsIntoText()
    {
        var d = new ByteFallbackDecoder();
        Assert.Equal(["a", "b"], d.DecodeChain(["<0x61>", "b"]));
        // 右 is E5 8F B3.
        Assert.Equal(["右", "x"], d.DecodeChain(["<0xE5>", "<0x8F>", "<0xB3>", "x"]));
        // An invalid run gives one U+FFFD per byte.
        Assert.Equal(["\uFFFD", "\uFFFD", "a"], d.DecodeChain(["<0xE5>", "<0x8F>", "a"]));
        Assert.Equal(["<0xZZ>", "<0x61"], d.DecodeChain(["<0xZZ>", "<0x61"]));
    }

    [Fact]
    public void FuseStripReplaceAndSequence()
    {
        Assert.Equal(["abc"], new FuseDecoder().DecodeChain(["a", "b", "c"]));
        Assert.Equal([" Hey", "x "], new StripDecoder(' ', 1, 0).DecodeChain(["  Hey", "x "]));
        Assert.Equal(["Hey"], new StripDecoder(' ', 2, 1).DecodeChain(["  Hey "]));
        Assert.Equal([" a", " b"], new ReplaceDecoder(ReplaceNormalizer.ForString("▁", " ")).DecodeChain(["▁a", "▁b"]));
        var llama = new SequenceDecoder([new ReplaceDecoder(ReplaceNormalizer.ForString("▁", " ")), new ByteFallbackDecoder(), new FuseDecoder(), new StripDecoder(' ', 1, 0)]);
        Assert.Equal(["Hi\n there"], llama.DecodeChain(["▁Hi", "<0x0A>", "▁there"]));
    }

    [Fact]
    public void RealTokenizersDecode()
    {
        Assert.Equal("Hello world!", TestTokenizers.Gpt2.Decode([15496, 995, 0]));
        // Llama keeps "<s>" unless asked to skip it; the Strip decoder removes only the first leading space overall.
        Assert.Equal("<s> Hello world", TestTokenizers.Llama.Decode([1, 15043, 3186]));
        Assert.Equal("Hello world", TestTokenizers.Llama.Decode([1, 15043, 3186], skipSpecialTokens: true));
        Assert.Equal("Hello world", TestTokenizers.Gpt2.Decode([15496, 995, 50256], skipSpecialTokens: true));
        // Ids outside the vocabulary are dropped, as in tokenizers.
        Assert.Equal("Hello", TestTokenizers.Gpt2.Decode([15496, 999999]));
    }

    [Fact]
    public void UnknownDecoderIsRejected()
    {
        var ex = Assert.Throws<SharpAlign.InputException>(() => TinyTokenizer.Build(["a"], decoder: """{"type":"CTC"}"""));
        Assert.Contains("CTC", ex.Message);
        Assert.Contains("decoder", ex.Message);
    }
}
