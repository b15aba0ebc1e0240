using SharpAlign.Data.Batching;

namespace SharpAlign.Tests.Data;

public class BatchingTests
{
    [Fact]
    public void SplitMix64MatchesThePublishedSequence()
    {
        // Rosetta Code "Pseudo-random numbers/Splitmix64", seed 1234567 (also reproduced with a Python transcription of Vigna's C).
        var rng = new SplitMix64(1234567);
        Assert.Equal([6457827717110365317UL, 3203168211198807973UL, 9817491932198370423UL], new[] { rng.Next(), rng.Next(), rng.Next() });
    }

    [Fact]
    public void NextIntIsInRangeAndRoughlyUniform()
    {
        var rng = new SplitMix64(7);
        var counts = new int[10];
        for (int i = 0; i < 100_000; i++) counts[rng.NextInt(10)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    private static int[] Costs(int n, int seed)
    {
        var rng = new SplitMix64((ulong)seed);
        return Enumerable.Range(0, n).Select(_ => 10 + rng.NextInt(300)).ToArray();
    }

    [Fact]
    public void EveryExampleOnceEveryEpochWithinBudgets()
    {
        var costs = Costs(1000, 1);
        var planner = new EpochPlanner(costs, new BatchingOptions { MaxTokens = 1024, MaxExamples = 8, LengthGroupSize = 64 });
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var plan = planner.Plan(epoch);
            Assert.Equal(Enumerable.Range(0, 1000), plan.SelectMany(b => b).Order());
            Assert.All(plan, b =>
            {
                Assert.InRange(b.Length, 1, 8);
                Assert.True(b.Sum(i => costs[i]) <= 1024);
                // length grouping: inside a batch, lengths never increase
                for (int k = 1; k < b.Length; k++) Assert.True(costs[b[k]] <= costs[b[k - 1]]);
            });
        }
    }

    [Fact]
    public void PlansAreReproducibleAndDifferBySeedAndEpoch()
    {
        var costs = Costs(500, 2);
        var a = new EpochPlanner(costs, new BatchingOptions { MaxTokens = 2048, Seed = 5 });
        var b = new EpochPlanner(costs, new BatchingOptions { MaxTokens = 2048, Seed = 5 });
        var c = new EpochPlanner(costs, new BatchingOptions { MaxTokens = 2048, Seed = 6 });
        Assert.Equal(Flat(a.Plan(1)), Flat(b.Plan(1)));
        Assert.NotEqual(Flat(a.Plan(0)), Flat(a.Plan(1)));
        Assert.NotEqual(Flat(a.Plan(0)), Flat(c.Plan(0)));
    }

    private static int[] Flat(int[][] plan) => plan.SelectMany(b => b.Append(-1)).ToArray();

    [Fact]
    public void ResumingFromAPositionYieldsExactlyTheRemainingBatches()
    {
        var costs = Costs(300, 3);
        var planner = new EpochPlanner(costs, new BatchingOptions { MaxTokens = 900 });
        var all = planner.From(new EpochPosition(0, 0), epochs: 3).ToList();
        for (int cut = 0; cut < all.Count; cut += 7)
        {
            var resumed = planner.From(EpochPlanner.After(all[cut].Position), epochs: 3).ToList();
            Assert.Equal(all.Skip(cut + 1).Select(x => (x.Position, Flat([x.Examples]))), resumed.Select(x => (x.Position, Flat([x.Examples]))));
        }
        // the position past an epoch's last batch continues with the next epoch
        var lastOfEpoch0 = all.Last(x => x.Position.Epoch == 0).Position;
        Assert.Equal(new EpochPosition(1, 0), planner.From(EpochPlanner.After(lastOfEpoch0), 3).First().Position);
    }

    [Fact]
    public void OversizeExampleGetsItsOwnBatchAndUnshuffledKeepsOrder()
    {
        var planner = new EpochPlanner([5, 50, 5, 5], new BatchingOptions { MaxTokens = 12, Shuffle = false });
        Assert.Equal([[0], [1], [2, 3]], planner.Plan(0));
        Assert.Equal(1, planner.OversizeCount);
        var byCount = new EpochPlanner([1, 1, 1, 1, 1], new BatchingOptions { MaxTokens = null, MaxExamples = 2, Shuffle = false });
        Assert.Equal([[0, 1], [2, 3], [4]], byCount.Plan(0));
    }

    [Fact]
    public void BadOptionsAreRefused()
    {
        Assert.Throws<SharpAlign.InputException>(() => new EpochPlanner([1], new BatchingOptions { MaxTokens = null, MaxExamples = null }));
        Assert.Throws<SharpAlign.InputException>(() => new EpochPlanner([1], new BatchingOptions { MaxTokens = 0 }));
        Assert.Throws<SharpAlign.InputException>(() => new EpochPlanner([], new BatchingOptions()));
    }
}
