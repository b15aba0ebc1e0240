using SharpAlign.Evaluation.Metrics;

namespace SharpAlign.Tests.Evaluation;

/// <summary>rouge-score ROUGE: tokenizer, types, multi-reference and aggregation (metrics.md §4).</summary>
public class RougeTests
{
    [Theory]
    [InlineData("café naïve", "caf na ve")]
    [InlineData("İstanbul", "i stanbul")]
    [InlineData("1,000,000 92.5% model's", "1 000 000 92 5 model s")]
    [InlineData("中文 только", "")]
    [InlineData("A\u212Ab", "akb")]
    public void TokenizerTreatsNonAsciiAsSeparators(string text, string tokens) =>
        Assert.Equal(tokens, string.Join(' ', new RougeTokenizer(false).Tokenize(text)));

    [Fact]
    public void StemmerOnlyTouchesTokensLongerThanThree() =>
        Assert.Equal(["the", "cat", "was", "run", "poni"], new RougeTokenizer(true).Tokenize("The cats was running. Ponies"));

    [Fact]
    public void NGramAndLcsScores()
    {
        var rouge = new Rouge(false);
        Assert.Equal(new RougeScore(0.5, 0.5, 0.5), rouge.Score("rouge2", "a b c", "a b d"));
        Assert.Equal(RougeScore.FromPrecisionRecall(1.0 / 4, 1.0 / 3), rouge.Score("rouge3", "a b c d e", "a b c x y z"));
        Assert.Equal(RougeScore.FromPrecisionRecall(3.0 / 5, 3.0 / 5), rouge.Score("rougeL", "a b c d e", "a x c e d"));
        Assert.Equal(new RougeScore(0, 0, 0), rouge.Score("rougeL", "", "a"));
        Assert.Throws<InputException>(() => rouge.Score("rouge0", "a", "a"));
        Assert.Throws<InputException>(() => rouge.Score("rougeW", "a", "a"));
    }

    [Fact]
    public void LsumUsesLinesAndEqualsRougeLOnOneLine()
    {
        var rouge = new Rouge(false);
        Assert.Equal(rouge.Score("rougeL", "a b c d", "b x d"), rouge.Score("rougeLsum", "a b c d", "b x d"));
        // Published rouge-score case: 0.4 / 0.8.
        var s = rouge.Score("rougeLsum", "w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5");
        Assert.Equal(0.4, s.Precision, 12);
        Assert.Equal(0.8, s.Recall, 12);
        // Empty lines are dropped; a line of spaces is a sentence without tokens.
        Assert.Equal(s, rouge.Score("rougeLsum", "w1 w2 w3 w4 w5\n\n", "w1 w2 w6 w7 w8\n\n   \nw1 w3 w8 w9 w5"));
    }

    [Fact]
    public void ScoreMultiPicksTheBestTargetPerType()
    {
        var rouge = new Rouge(false);
        string[] targets = ["a b c d", "a c b d x"];
        const string prediction = "a c b d";
        foreach (string type in new[] { "rouge1", "rouge2", "rougeL" })
        {
            var each = targets.Select(t => rouge.Score(type, t, prediction)).ToList();
            var best = each.OrderByDescending(s => s.FMeasure).First();
            Assert.Equal(best, rouge.ScoreMulti(type, targets, prediction));
        }
        // The two types prefer different targets here, so per-type choice matters.
        Assert.NotEqual(rouge.Score("rouge1", targets[0], prediction).FMeasure > rouge.Score("rouge1", targets[1], prediction).FMeasure,
            rouge.Score("rouge2", targets[0], prediction).FMeasure > rouge.Score("rouge2", targets[1], prediction).FMeasure);
    }

    [Fact]
    public void AggregationMeanAndSeededBootstrap()
    {
        var scores = new List<RougeScore>();
        var rng = new Random(7);
        for (int i = 0; i < 200; i++) scores.Add(RougeScore.FromPrecisionRecall(rng.NextDouble(), rng.NextDouble()));
        var mean = RougeAggregator.Mean(scores);
        Assert.Equal(scores.Average(s => s.FMeasure), mean.FMeasure, 12);
        var a = RougeAggregator.Bootstrap(scores, seed: 1);
        var b = RougeAggregator.Bootstrap(scores, seed: 1);
        Assert.Equal(a, b);
        Assert.NotEqual(a, RougeAggregator.Bootstrap(scores, seed: 2));
        Assert.True(a.Low.FMeasure < a.Mid.FMeasure && a.Mid.FMeasure < a.High.FMeasure);
        Assert.True(Math.Abs(a.Mid.FMeasure - mean.FMeasure) < 0.01);
        // Identical examples: every bootstrap mean is that value.
        var same = RougeAggregator.Bootstrap(Enumerable.Repeat(new RougeScore(0.25, 0.5, 1.0 / 3), 5).ToList(), seed: 3, samples: 50);
        Assert.Equal(1.0 / 3, same.Low.FMeasure, 12);
        Assert.Equal(1.0 / 3, same.High.FMeasure, 12);
        Assert.Equal(2.5, RougeAggregator.Percentile([1, 2, 3, 4], 0.5), 12); // numpy linear interpolation
    }
}
