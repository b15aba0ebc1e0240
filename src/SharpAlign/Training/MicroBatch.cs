using SharpAlign.Data;

namespace SharpAlign.Training;

/// <summary>
/// One micro-batch: the packed tokens (each example's <see cref="ExampleInfo.Id"/> is its index in
/// the dataset, which keys cached reference log-probs) and its size as TRL counts tokens.
/// </summary>
/// <param name="Batch">The packed token stream.</param>
/// <param name="RowTokens">Prompt + completion tokens of every row, a shared prompt counted once per row.</param>
public sealed record MicroBatch(PackedBatch Batch, long RowTokens)
{
    /// <summary>Number of examples (pairs or single rows).</summary>
    public int ExampleCount => Batch.ExampleCount;
}
