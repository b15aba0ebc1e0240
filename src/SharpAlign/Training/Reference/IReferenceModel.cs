using SharpAlign.Data;

namespace SharpAlign.Training.Reference;

/// <summary>
/// Where reference log-probabilities come from: a frozen model, the policy with its adapters off,
/// or a cache filled before training. Returns one summed log-prob per scored sequence of the batch.
/// </summary>
public interface IReferenceModel
{
    /// <summary>Summed completion log-prob of every sequence in <paramref name="batch"/> (indexed like <see cref="PackedBatch.Sequences"/>).</summary>
    double[] SequenceLogps(MicroBatch batch);
}
