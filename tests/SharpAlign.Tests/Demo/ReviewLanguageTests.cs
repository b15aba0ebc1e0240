using SharpAlign.Demo;

namespace SharpAlign.Tests.Demo;

public class ReviewLanguageTests
{
    [Fact]
    public void GeneratedReviewsAreFluentAndDeterministic()
    {
        var a = new ReviewGenerator(7);
        var b = new ReviewGenerator(7);
        for (int i = 0; i < 500; i++)
        {
            var r = a.Next();
            Assert.Equal(r, b.Next());
            Assert.True(ReviewLanguage.IsFluent(r.Prompt, r.Completion), r.Text);
            Assert.False(ReviewLanguage.IsFluent(r.Prompt, ""), "a prompt alone is an unfinished sentence: " + r.Prompt);
        }
    }

    [Theory]
    [InlineData("the movie was very great .", true)]
    [InlineData("i loved the plot . it is a dull film .", true)]
    [InlineData("the movie was very great", false)]           // unfinished
    [InlineData("the movie was great great .", false)]         // no template has two adjectives after "was"
    [InlineData("great great great .", false)]
    [InlineData("i loved the plot . .", false)]
    [InlineData("", false)]
    public void FluencyFollowsTheGrammar(string text, bool fluent) =>
        Assert.Equal(fluent, ReviewLanguage.IsFluent(ReviewLanguage.Words(text)));

    [Theory]
    [InlineData("was really great . i loved the film .", 1.0)]
    [InlineData("was really awful . i hated the film .", -1.0)]
    [InlineData("was quite long . i loved the film .", 0.5)]
    [InlineData("felt funny and dull .", 0.0)]
    [InlineData("the film .", 0.0)]
    public void RewardIsTheShareOfPositiveMinusNegativeSlots(string completion, double expected) =>
        Assert.Equal(expected, SentimentReward.Score(completion), 12);

    [Fact]
    public void CorpusIsRoughlyNeutralOnAverage()
    {
        // 20000 reviews: the mean reward's standard error is about 0.6/sqrt(20000) ≈ 0.004.
        var g = new ReviewGenerator(1);
        double sum = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) sum += SentimentReward.Score(g.Next().Completion);
        Assert.InRange(sum / n, -0.03, 0.03);
    }
}
