using SharpAlign.Evaluation.Metrics.Tokenizers;

namespace SharpAlign.Tests.Evaluation;

/// <summary>The sacreBLEU tokenizers on the consequences metrics.md §1.3–1.5 spells out.</summary>
public class BleuTokenizerTests
{
    [Theory]
    [InlineData("1,000.50 and 1.2.3", "1,000.50 and 1.2.3")]
    [InlineData("x,y", "x , y")]
    [InlineData("a.1", "a . 1")]
    [InlineData("in 2019.", "in 2019 .")]
    [InlineData("2019-2020", "2019 - 2020")]
    [InlineData("a-b a--b rock'n'roll isn't", "a-b a--b rock'n'roll isn't")]
    [InlineData("3.5%-4.2%", "3.5 % -4.2 %")]
    [InlineData("&amp;lt;b&amp;gt; &quot;q&quot;", "< b > \" q \"")]
    [InlineData("a<skipped>b hyphen-\nated\nline", "ab hyphenated line")]
    [InlineData("«x» — € … 🍕!", "«x» — € … 🍕 !")]
    [InlineData("(a) [b] {c} ~d @e", "( a ) [ b ] { c } ~ d @ e")]
    public void Tokenizer13a(string input, string expected) => Assert.Equal(expected, new Tokenizer13a().Tokenize(input));

    [Theory]
    [InlineData("isn't", "isn ' t")]
    [InlineData("dit-il", "dit - il")]
    [InlineData("2019-2020", "2019-2020")]
    [InlineData("in 2019.", "in 2019.")]
    [InlineData("a &amp; b", "a & amp ; b")]
    [InlineData("I love🍕!", "I love 🍕 !")]
    [InlineData("x€5", "x € 5")]
    public void TokenizerIntl(string input, string expected) => Assert.Equal(expected, new TokenizerIntl().Tokenize(input));

    [Theory]
    [InlineData("中文abc", "中 文 abc")]
    [InlineData("a…b—c→d", "a … b — c → d")]       // the upstream 5-digit-escape quirk: U+2001–U+2A6D are split
    [InlineData("x𠀀y", "x𠀀y")]                     // astral Extension B is not
    [InlineData("  我爱你。 ", "我 爱 你 。")]
    [InlineData("ｈｉ,there", "ｈ ｉ , there")]
    public void TokenizerZh(string input, string expected) => Assert.Equal(expected, new TokenizerZh().Tokenize(input));

    [Fact]
    public void TokenizerCharSeparatesCodePoints()
    {
        Assert.Equal("a   🍕 b", new TokenizerChar().Tokenize("a 🍕b"));
        Assert.Equal("x y", new TokenizerNone().Tokenize("x y"));
    }
}
