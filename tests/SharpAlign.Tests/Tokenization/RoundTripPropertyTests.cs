using System.Text;
using SharpAlign.Tokenization;

namespace SharpAlign.Tests.Tokenization;

/// <summary>
/// Seeded random loops over arbitrary Unicode (astral code points, controls, combining marks,
/// unassigned code points, text that looks like special tokens): byte-level BPE is lossless, the
/// Llama pipeline is lossless on text without ▁ and without its special tokens, and nothing throws.
/// </summary>
public class RoundTripPropertyTests
{
    private static string RandomText(Random rng, int maxLength)
    {
        var sb = new StringBuilder();
        int n = rng.Next(0, maxLength);
        for (int i = 0; i < n; i++)
        {
            int kind = rng.Next(10);
            int cp = kind switch
            {
                0 or 1 => rng.Next(0x20, 0x7F),
                2 => " \n\t\r'"[rng.Next(5)],
                3 => rng.Next(0x00, 0x20),
                4 => rng.Next(0xA0, 0x800),
                5 => rng.Next(0x800, 0xD800),
                6 => rng.Next(0xE000, 0x10000),
                7 => rng.Next(0x1F300, 0x1FAFF),
                8 => rng.Next(0x10000, 0x110000),
                _ => "<|>sendoftx/"[rng.Next(12)],
            };
            sb.Append(char.ConvertFromUtf32(cp));
        }
        return sb.ToString();
    }

    [Fact]
    public void ByteLevelDecodeInvertsEncode()
    {
        var g = TestTokenizers.Gpt2;
        var rng = new Random(7);
        for (int iter = 0; iter < 600; iter++)
        {
            string text = RandomText(rng, 40);
            var ids = g.Encode(text, addSpecialTokens: false);
            Assert.Equal(text, g.Decode(ids));
            Assert.All(ids, id => Assert.InRange(id, 0, g.VocabSize - 1));
        }
    }

    [Fact]
    public void LlamaDecodeInvertsEncodeWhereLossless()
    {
        var l = TestTokenizers.Llama;
        var rng = new Random(11);
        int checkedCount = 0;
        for (int iter = 0; iter < 600; iter++)
        {
            string text = RandomText(rng, 40);
            if (text.Contains('▁') || text.Contains("<s>") || text.Contains("</s>") || text.Contains("<unk>")) continue;
            var ids = l.Encode(text, addSpecialTokens: false);
            Assert.Equal(text, l.Decode(ids));
            Assert.Equal([1, .. ids], l.Encode(text, addSpecialTokens: true));
            checkedCount++;
        }
        Assert.True(checkedCount > 500);
    }

    [Fact]
    public void LoneSurrogatesAndOddInputDoNotThrow()
    {
        var rng = new Random(3);
        foreach (var t in new[] { TestTokenizers.Gpt2, TestTokenizers.Llama })
        {
            foreach (string odd in new[] { "\uD800", "a\uDC00b", "\uDBFF\uDBFF", "\0", new string('\u0301', 50), new string(' ', 1000), "<|endoftext|><|endoftext|>", "<s></s><unk>" })
                Assert.NotNull(t.Decode(t.Encode(odd)));
            for (int iter = 0; iter < 200; iter++)
            {
                var chars = new char[rng.Next(0, 30)];
                for (int i = 0; i < chars.Length; i++) chars[i] = (char)rng.Next(0, 0x10000);
                var ids = t.Encode(new string(chars));
                Assert.NotNull(t.Decode(ids, skipSpecialTokens: iter % 2 == 0));
            }
        }
        // A lone surrogate is encoded as U+FFFD, which is what UTF-8 conversion makes of it.
        Assert.Equal(TestTokenizers.Gpt2.Encode("a\uFFFDb"), TestTokenizers.Gpt2.Encode("a\uD800b"));
    }

    [Fact]
    public void ConcurrentEncodingGivesTheSameIds()
    {
        var rng = new Random(5);
        var texts = Enumerable.Range(0, 400).Select(_ => RandomText(rng, 60)).ToArray();
        foreach (var t in new[] { TestTokenizers.Gpt2, TestTokenizers.Llama })
        {
            var sequential = texts.Select(x => t.Encode(x)).ToArray();
            var parallel = new int[texts.Length][];
            Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = t.Encode(texts[i]));
            for (int i = 0; i < texts.Length; i++) Assert.Equal(sequential[i], parallel[i]);
        }
    }
}
