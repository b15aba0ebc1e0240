using SharpAlign.Data.Tokenizing;

namespace SharpAlign.Data.Batching;

/// <summary>
/// The trainer's view of the data: tokenized examples held in memory, planned into micro-batches
/// per epoch and packed on demand. Resume with the <see cref="EpochPosition"/> saved in a checkpoint.
/// </summary>
public sealed class PackedBatchSource
{
    private readonly BatchingOptions _options;

    /// <summary>Plans batches over <paramref name="examples"/> with <paramref name="options"/>.</summary>
    public PackedBatchSource(IReadOnlyList<TokenizedExample> examples, BatchingOptions options)
    {
        Examples = examples;
        _options = options;
        Planner = new EpochPlanner(examples.Select(e => BatchPacker.Cost(e, options.PrefixSharing)).ToArray(), options);
    }

    /// <summary>The examples; a batch's <see cref="ExampleInfo.Id"/> indexes this list.</summary>
    public IReadOnlyList<TokenizedExample> Examples { get; }

    /// <summary>The batch plan.</summary>
    public EpochPlanner Planner { get; }

    /// <summary>Packed batches from <paramref name="start"/> through the last batch of epoch <paramref name="epochs"/> − 1.</summary>
    public IEnumerable<(EpochPosition Position, PackedBatch Batch)> From(EpochPosition start, int epochs)
    {
        foreach (var (position, indices) in Planner.From(start, epochs))
            yield return (position, BatchPacker.Pack(Examples, indices, _options.PrefixSharing));
    }
}
