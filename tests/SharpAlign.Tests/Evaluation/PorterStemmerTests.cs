using SharpAlign.Evaluation.Metrics;

namespace SharpAlign.Tests.Evaluation;

/// <summary>NLTK's PorterStemmer (NLTK_EXTENSIONS) on its own documented outputs.</summary>
public class PorterStemmerTests
{
    [Fact]
    public void NltkStemDoctest()
    {
        // nltk/test/stem.doctest: the pluralised words example and its printed output.
        string[] plurals = ["caresses", "flies", "dies", "mules", "denied", "died", "agreed", "owned", "humbled", "sized",
            "meeting", "stating", "siezing", "itemization", "sensational", "traditional", "reference", "colonizer", "plotted"];
        var stemmer = new PorterStemmer();
        Assert.Equal("caress fli die mule deni die agre own humbl size meet state siez item sensat tradit refer colon plot",
            string.Join(' ', plurals.Select(stemmer.Stem)));
    }

    [Theory]
    [InlineData("skies", "sky")]
    [InlineData("dying", "die")]
    [InlineData("lying", "lie")]
    [InlineData("innings", "inning")]
    [InlineData("proceed", "proceed")]
    [InlineData("news", "news")]
    [InlineData("oed", "o")]
    [InlineData("On", "on")]
    [InlineData("Github", "github")]
    [InlineData("ties", "tie")]
    [InlineData("spied", "spi")]
    [InlineData("running", "run")]
    [InlineData("agre", "agr")]
    [InlineData("is", "is")]
    public void KnownStems(string word, string stem) => Assert.Equal(stem, new PorterStemmer().Stem(word));

    [Fact]
    public void AstralCharactersCountAsOneConsonant()
    {
        // "a🍕🍕ed": the stem "a🍕🍕" ends in a double consonant (two equal code points) → one is dropped.
        Assert.Equal("a🍕", new PorterStemmer().Stem("a🍕🍕ed"));
    }

    [Fact]
    public void OtherNltkModes()
    {
        var nltk = new PorterStemmer();
        var martin = new PorterStemmer(PorterStemmer.Mode.MartinExtensions);
        var original = new PorterStemmer(PorterStemmer.Mode.OriginalAlgorithm);
        Assert.Equal("enjoy", nltk.Stem("enjoy"));    // NLTK: y→i only after a consonant
        Assert.Equal("enjoi", martin.Stem("enjoy"));  // Porter: y→i when the stem has a vowel
        Assert.Equal("die", nltk.Stem("dies"));
        Assert.Equal("di", martin.Stem("dies"));
        Assert.Equal("di", martin.Stem("died"));
        Assert.Equal("is", martin.Stem("is"));        // words of ≤ 2 letters are left alone…
        Assert.Equal("i", original.Stem("is"));       // …except in the original algorithm
        Assert.Equal("sky", martin.Stem("sky"));
        Assert.Equal(PorterStemmer.Mode.MartinExtensions, PorterStemmer.ParseMode("MARTIN_EXTENSIONS"));
        Assert.Throws<InputException>(() => PorterStemmer.ParseMode("LANCASTER"));
    }
}
