namespace SharpAlign.Data.Batching;

/// <summary>
/// Where training is in the data: the epoch and the index of the next micro-batch within it.
/// Plain data, for checkpoints: resuming from it yields exactly the batches not yet seen.
/// </summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Batch">0-based index of the next micro-batch of that epoch.</param>
public readonly record struct EpochPosition(int Epoch, int Batch);
