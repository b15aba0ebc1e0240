using SharpAlign.Data;

namespace SharpAlign.Tests.Data;

public class PackedBatchTests
{
    [Fact]
    public void PrefixSharedPairHasPromptOnceAndScoresFromPromptEnd()
    {
        var b = new PackedBatchBuilder();
        b.AddPair([1, 2, 3], [4, 5], [6, 7, 8]);
        var batch = b.Build();
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6, 7, 8 }, batch.Tokens);
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 3, 4, 5 }, batch.Positions);
        Assert.Equal(new[] { 2, 3, 2, 5, 6 }, batch.ScoreSource);
        Assert.Equal(new[] { 4, 5, 6, 7, 8 }, batch.ScoreTarget);
        Assert.Equal(new[] { 0, 0, 1, 1, 1 }, batch.ScoreSequence);
        Assert.True(batch.CanAttend(5, 2));   // rejected sees the prompt
        Assert.False(batch.CanAttend(5, 3));  // rejected never sees chosen
        Assert.False(batch.CanAttend(3, 4));  // causal within a segment
    }

    [Fact]
    public void PlainLayoutRepeatsPrompt()
    {
        var b = new PackedBatchBuilder();
        b.AddPair([1, 2], [3], [4], prefixSharing: false);
        var batch = b.Build();
        Assert.Equal(new[] { 1, 2, 3, 1, 2, 4 }, batch.Tokens);
        Assert.Equal(new[] { 1, 4 }, batch.ScoreSource);
        Assert.False(batch.CanAttend(3, 2));
    }

    [Fact]
    public void EmptyCompletionIsRefused()
    {
        var b = new PackedBatchBuilder();
        Assert.Throws<ArgumentException>(() => b.AddPair([1], [], [2]));
    }
}
