namespace SharpAlign.Data.Batching;

/// <summary>How examples are grouped into micro-batches, as plain data.</summary>
public sealed record BatchingOptions
{
    /// <summary>Most packed tokens per micro-batch (null = no token limit). An example larger than this alone gets a batch of its own.</summary>
    public int? MaxTokens { get; init; } = 4096;

    /// <summary>Most examples (pairs or rows) per micro-batch (null = no limit).</summary>
    public int? MaxExamples { get; init; }

    /// <summary>Prefix-shared layout (prompt once, completions as children); false = TRL's plain layout.</summary>
    public bool PrefixSharing { get; init; } = true;

    /// <summary>Shuffle each epoch; false = dataset order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>
    /// Length grouping: after shuffling, examples are taken in groups of this many, each sorted by
    /// length (longest first) before cutting batches, so batches hold similar lengths; the batch
    /// order is then shuffled. 0 or 1 turns grouping off.
    /// </summary>
    public int LengthGroupSize { get; init; } = 256;

    /// <summary>Seed of the shuffle; with the epoch number it fixes the order.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Checks the values; throws <see cref="InputException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (MaxTokens is < 1) throw new InputException($"batch token budget must be positive, got {MaxTokens}");
        if (MaxExamples is < 1) throw new InputException($"examples per batch must be positive, got {MaxExamples}");
        if (MaxTokens is null && MaxExamples is null) throw new InputException("set a token budget, a number of examples per batch, or both");
        if (LengthGroupSize < 0) throw new InputException($"length group size must be ≥ 0, got {LengthGroupSize}");
    }
}
