using SharpAlign.Tokenization.Text;

namespace SharpAlign.Tests.Tokenization;

/// <summary>
/// Split patterns on the whole Unicode range. Expectations follow the Rust regex engines'
/// semantics: classes and <c>.</c> match code points, so supplementary-plane letters (𝐀 U+1D400,
/// 𐐀 U+10400) are <c>\p{L}</c> and digits like 𝟙 (U+1D7D9) are <c>\p{N}</c>, while emoji are neither.
/// </summary>
public class RegexTests
{
    private static string[] Pieces(IPatternMatcher m, string text)
    {
        var matches = new List<(int Start, int Length)>();
        m.FindAll(text, matches);
        return matches.Select(x => text.Substring(x.Start, x.Length)).ToArray();
    }

    [Fact]
    public void ClassesMatchWholeAstralCodePoints()
    {
        Assert.Equal(["a𝐀b𐐀"], Pieces(new UnicodeRegex(@"\p{L}+"), "a𝐀b𐐀"));
        Assert.Equal(["1𝟙2"], Pieces(new UnicodeRegex(@"\p{N}+"), "1𝟙2"));
        Assert.Equal(["🙂"], Pieces(new UnicodeRegex(@"[^\s\p{L}\p{N}]+"), "🙂𝐀"));
        Assert.Equal(["𝐀", "x"], Pieces(new UnicodeRegex("."), "𝐀x"));
        Assert.Equal(["𝟙𝟚"], Pieces(new UnicodeRegex(@"\p{N}{2}"), "𝟙𝟚𝟛"));
        Assert.Equal(["𝐀b"], Pieces(new UnicodeRegex(@"\P{N}+"), "𝐀b𝟙"));
        Assert.Equal(["😀"], Pieces(new UnicodeRegex("[😀-😂]"), "a😀b"));
    }

    [Fact]
    public void CaseInsensitiveUsesSimpleCaseFolding()
    {
        var re = new UnicodeRegex("(?i:'s|k)x");
        Assert.Equal(["'sx", "'Sx", "'ſx", "Kx", "\u212Ax"], Pieces(re, "'sx 'Sx 'ſx Kx \u212Ax"));
        Assert.Equal(["𐐨"], Pieces(new UnicodeRegex("(?i)𐐀"), "a𐐨"));
        Assert.Empty(Pieces(new UnicodeRegex("(?i:a)b"), "aB"));
    }

    [Fact]
    public void RubyLineAnchorsPossessiveAndLookarounds()
    {
        Assert.Equal(["a", "b"], Pieces(new UnicodeRegex("^[a-z]"), "a\nb"));
        Assert.Empty(Pieces(new UnicodeRegex("a*+a"), "aaa"));
        // Greedy run of three spaces backs off one so that a space, not "x", follows.
        Assert.Equal(["  "], Pieces(new UnicodeRegex(@"\s+(?!\S)"), "   x"));
        Assert.Equal(["b"], Pieces(new UnicodeRegex("(?<=a)b"), "abcb"));
    }

    [Theory]
    [InlineData(@"(a)\1")]
    [InlineData(@"\p{Han}")]
    [InlineData(@"[[:alpha:]]")]
    [InlineData(@"(?x)a b")]
    [InlineData(@"(ab")]
    public void UnsupportedSyntaxIsNamed(string pattern)
    {
        var e = Assert.Throws<FormatException>(() => new UnicodeRegex(pattern));
        Assert.Contains("position", e.Message);
    }

    [Fact]
    public void Gpt2SplitOnAstralText()
    {
        var m = PatternMatchers.For(PatternMatchers.Gpt2);
        Assert.IsType<Gpt2Scanner>(m);
        Assert.Equal(["a𝐀b", " 𝟙𝟙", " 🙂🙂", " x", "'s"], Pieces(m, "a𝐀b 𝟙𝟙 🙂🙂 x's"));
        Assert.Equal(["Hello", " world", "!", "  ", " end", "\n"], Pieces(m, "Hello world!   end\n"));
        // GPT-2's contractions are case-sensitive.
        Assert.Equal(["'", "S", "'ll", "'", "x"], Pieces(m, "'S'll'x"));
    }

    [Fact]
    public void Llama3AndQwen2Splits()
    {
        var llama = PatternMatchers.For(PatternMatchers.Llama3);
        var qwen = PatternMatchers.For(PatternMatchers.Qwen2);
        Assert.IsType<Llama3Scanner>(llama);
        Assert.Equal(["I", "'M", " here", " ", "123", "45"], Pieces(llama, "I'M here 12345"));
        Assert.Equal(["I", "'M", " here", " ", "1", "2", "3", "4", "5"], Pieces(qwen, "I'M here 12345"));
        // 'ſ folds to 's; a letter run may start with one non-letter non-digit (here a tab or "(").
        Assert.Equal(["'ſ", "\tx", "(y"], Pieces(llama, "'ſ\tx(y"));
        Assert.Equal(["hello", "\n\n", " ", " world"], Pieces(llama, "hello\n\n  world"));
        // Digits never take the space before them; astral digits group by three like ASCII ones.
        Assert.Equal(["a𝐀", " ", "𝟙𝟙𝟙", "𝟙", " 🙂\n", "x"], Pieces(llama, "a𝐀 𝟙𝟙𝟙𝟙 🙂\nx"));
    }

    /// <summary>Characters that exercise every branch of the GPT-2/Llama-3/Qwen2 patterns.</summary>
    private static readonly string[] Alphabet =
    [
        "a", "b", "Z", "s", "S", "t", "r", "e", "v", "m", "l", "L", "d", "D", "ſ", "K", "é", "ß", "中", "ж",
        "0", "7", "½", "٣", "'", "\"", ",", ".", "!", "-", "$", "_",
        " ", " ", " ", "\t", "\n", "\r", "\u00A0", "\u3000", "\u2028", "\u0085",
        "\u0301", "\u200D", "\U0001D400", "\U00010400", "\U0001D7D9", "\U0001F642", "\U00020000", "\U0001F3FB",
    ];

    public static TheoryData<string> KnownPatterns() => [PatternMatchers.Gpt2, PatternMatchers.Llama3, PatternMatchers.Qwen2];

    [Theory]
    [MemberData(nameof(KnownPatterns))]
    public void ScannersAgreeWithTheTranslatedRegexOnRandomText(string pattern)
    {
        // Two independent implementations of the same pattern: the hand-written scanner and the
        // general Oniguruma-to-.NET translation; they must split every string identically.
        var scanner = PatternMatchers.For(pattern);
        var regex = new UnicodeRegex(pattern);
        Assert.IsNotType<UnicodeRegex>(scanner);
        var rng = new Random(42);
        for (int iter = 0; iter < 1500; iter++)
        {
            var sb = new System.Text.StringBuilder();
            int n = rng.Next(0, 24);
            bool bmpOnly = iter % 3 == 0;
            for (int k = 0; k < n; k++)
            {
                string c = Alphabet[rng.Next(Alphabet.Length)];
                if (bmpOnly && c.Length == 2) c = "x";
                sb.Append(c);
            }
            string text = sb.ToString();
            Assert.True(Pieces(regex, text).SequenceEqual(Pieces(scanner, text)),
                $"pattern {pattern} splits \"{text}\" differently: regex [{string.Join("|", Pieces(regex, text))}] scanner [{string.Join("|", Pieces(scanner, text))}]");
        }
    }
}
