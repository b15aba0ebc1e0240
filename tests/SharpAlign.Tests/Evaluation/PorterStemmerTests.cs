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
}
