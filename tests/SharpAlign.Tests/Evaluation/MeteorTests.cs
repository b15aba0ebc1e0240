using SharpAlign.Evaluation.Metrics;

namespace SharpAlign.Tests.Evaluation;

/// <summary>NLTK METEOR: formula, chunks, stages (metrics.md §5).</summary>
public class MeteorTests
{
    private sealed class SynonymTable(Dictionary<string, string[]> table) : ISynonymSource
    {
        public IReadOnlyCollection<string> Synonyms(string word) => table.TryGetValue(word, out var s) ? s : [];
    }

    [Fact]
    public void ExactAndStemStagesAndTheFormula()
    {
        var meteor = new Meteor();
        // m = 2 (the, cat), P = R = 2/3, Fmean = 2/3, 2 chunks → penalty 0.5·1³.
        Assert.Equal(1.0 / 3, meteor.SingleScore(["the", "fast", "cat"], ["the", "quick", "cat"]), 12);
        // Stems: "cats" ~ "cat", "Sitting" ~ "sit" (lower-cased first): one chunk of 2 → penalty 0.5·(1/2)³.
        Assert.Equal(1 - 0.5 / 8, meteor.SingleScore(["cat", "sit"], ["Cats", "Sitting"]), 12);
        Assert.Equal(0.0, meteor.SingleScore(["a"], []));
        Assert.Equal(0.0, meteor.SingleScore(["a"], ["b"]));
    }

    [Fact]
    public void SynonymStageIsPluggable()
    {
        var stages = new IMeteorMatchStage[]
        {
            new ExactMatchStage(), new StemMatchStage(new PorterStemmer()),
            new SynonymMatchStage(new SynonymTable(new() { ["quick"] = ["fast", "rapid"] })),
        };
        var meteor = new Meteor(stages: stages);
        Assert.Equal(1 - 0.5 / 27, meteor.SingleScore(["the", "fast", "cat"], ["the", "quick", "cat"]), 12);
    }

    [Fact]
    public void ChunksCountRunsAdjacentInBothSentences()
    {
        Assert.Equal(1, Meteor.CountChunks([(0, 0), (1, 1), (2, 2)]));
        Assert.Equal(2, Meteor.CountChunks([(0, 0), (1, 2), (2, 3)]));
        Assert.Equal(3, Meteor.CountChunks([(0, 2), (1, 1), (2, 0)]));
    }

    [Fact]
    public void ParametersAndMaximumOverReferences()
    {
        var meteor = new Meteor(alpha: 0.5, beta: 1, gamma: 1);
        // m = 2 of hyp 2, ref 3: P = 1, R = 2/3, Fmean = (2/3)/(0.5 + 1/3) = 0.8; 1 chunk → penalty 1·(1/2).
        Assert.Equal(0.8 * 0.5, meteor.SingleScore(["a", "b", "c"], ["a", "b"]), 12);
        Assert.Equal(meteor.SingleScore(["a", "b"], ["a", "b"]), meteor.Score([["a", "b", "c"], ["a", "b"]], ["a", "b"]), 12);
    }
}
