using SharpAlign.Data;
using SharpAlign.Data.Batching;
using SharpAlign.Data.Reading;
using SharpAlign.Data.Tokenizing;

namespace SharpAlign.Tests.Data;

/// <summary>Seeded random examples packed in both layouts and unpacked again must come back unchanged.</summary>
public class PackingRoundTripTests
{
    private static int[] Ids(ref SplitMix64 rng, int min, int max)
    {
        int n = min + rng.NextInt(max - min + 1);
        var ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = rng.NextInt(32000);
        return ids;
    }

    private static List<TokenizedExample> RandomExamples(ulong seed, int count, bool unpaired = false)
    {
        var rng = new SplitMix64(seed);
        var list = new List<TokenizedExample>();
        for (int i = 0; i < count; i++)
            list.Add(new TokenizedExample
            {
                Origin = new RowOrigin("r", i + 1, i + 1),
                Prompt = Ids(ref rng, 1, 20),
                Chosen = Ids(ref rng, 1, 15),
                Rejected = unpaired ? null : Ids(ref rng, 1, 15),
                BestResponse = !unpaired && rng.NextInt(3) == 0 ? Ids(ref rng, 1, 10) : null,
                Label = unpaired ? rng.NextInt(2) == 0 : null,
                Weight = 0.5 + rng.NextInt(4),
                ScoreChosen = unpaired ? null : rng.NextInt(10),
            });
        return list;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PairsRoundTrip(bool prefixSharing)
    {
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var examples = RandomExamples(seed, 12);
            int[] indices = [.. Enumerable.Range(0, 12).Reverse()];
            var batch = BatchPacker.Pack(examples, indices, prefixSharing);
            var back = PackedBatchUnpacker.Unpack(batch);
            Assert.Equal(12, back.Length);
            for (int k = 0; k < indices.Length; k++)
            {
                var src = examples[indices[k]];
                Assert.Equal(src.Prompt, back[k].Prompt);
                Assert.Equal(src.Chosen, back[k].Completions[SequenceRole.Chosen]);
                Assert.Equal(src.Rejected, back[k].Completions[SequenceRole.Rejected]);
                Assert.Equal(src.BestResponse is not null, back[k].Completions.ContainsKey(SequenceRole.BestResponse));
                if (src.BestResponse is not null) Assert.Equal(src.BestResponse, back[k].Completions[SequenceRole.BestResponse]);
                Assert.Equal(new ExampleInfo(indices[k], null, src.Weight, src.ScoreChosen, null), batch.Examples[k]);
            }
            Assert.Equal(examples.Sum(e => BatchPacker.Cost(e, prefixSharing)), batch.TokenCount);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ScoredPromptsRoundTrip(bool prefixSharing)
    {
        var examples = RandomExamples(11, 8);
        var batch = BatchPacker.Pack(examples, [.. Enumerable.Range(0, 8)], prefixSharing, scorePrompts: true);
        var back = PackedBatchUnpacker.Unpack(batch);
        for (int k = 0; k < 8; k++)
        {
            Assert.Equal(examples[k].Prompt, back[k].Prompt);
            Assert.Equal(examples[k].Prompt[1..], back[k].Completions[SequenceRole.Prompt]);
            Assert.Equal(examples[k].Chosen, back[k].Completions[SequenceRole.Chosen]);
        }
    }

    [Fact]
    public void UnpairedRoundTripCarriesLabels()
    {
        var examples = RandomExamples(99, 10, unpaired: true);
        var batch = BatchPacker.Pack(examples, [.. Enumerable.Range(0, 10)]);
        var back = PackedBatchUnpacker.Unpack(batch);
        for (int k = 0; k < 10; k++)
        {
            Assert.Equal(examples[k].Prompt, back[k].Prompt);
            Assert.Equal(examples[k].Chosen, back[k].Completions[SequenceRole.Completion]);
            Assert.Equal(examples[k].Label, batch.Examples[k].Label);
        }
    }

    [Fact]
    public void PrefixSharingSavesExactlyThePromptRepeats()
    {
        var examples = RandomExamples(5, 30);
        var idx = Enumerable.Range(0, 30).ToArray();
        int shared = BatchPacker.Pack(examples, idx, true).TokenCount;
        int plain = BatchPacker.Pack(examples, idx, false).TokenCount;
        Assert.Equal(examples.Sum(e => e.Prompt.Length * (e.BestResponse is null ? 1 : 2)), plain - shared);
    }

    [Fact]
    public void UnpackerDetectsACorruptedBatch()
    {
        var batch = BatchPacker.Pack(RandomExamples(3, 2), [0, 1]);
        batch.ScoreSource[1]++;
        Assert.Throws<InvalidOperationException>(() => PackedBatchUnpacker.Unpack(batch));
    }

    [Fact]
    public void BuilderWithoutInfoGivesNeutralExampleInfo()
    {
        var b = new PackedBatchBuilder();
        b.AddPair([1, 2], [3], [4]);
        b.AddPair([1], [5], [6], [7]);
        var batch = b.Build();
        Assert.Equal([ExampleInfo.None, ExampleInfo.None], batch.Examples);
        Assert.Equal(SequenceRole.BestResponse, batch.Sequences[4].Role);
        Assert.True(batch.CanAttend(batch.Segments[batch.Sequences[4].Segment].Start, 4));
        Assert.False(batch.CanAttend(batch.Segments[batch.Sequences[4].Segment].Start, 5));
    }
}
