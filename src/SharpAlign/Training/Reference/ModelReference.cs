using SharpAlign.Data;
using SharpAlign.Models;

namespace SharpAlign.Training.Reference;

/// <summary>
/// Reference log-probs from a model run without gradients: a separate frozen copy, or — with
/// LoRA — the policy itself with its adapters switched off (no second copy of the weights).
/// </summary>
public sealed class ModelReference(CausalLM model, bool adaptersEnabled) : IReferenceModel
{
    /// <summary>The model the reference runs on.</summary>
    public CausalLM Model => model;

    /// <inheritdoc />
    public double[] SequenceLogps(MicroBatch batch) => SequenceStats.Sums(batch.Batch, EntryLogps(batch));

    /// <summary>Log p(target) of every scored entry (for statistics over parts of a sequence, e.g. LD-DPO).</summary>
    public float[] EntryLogps(MicroBatch batch) =>
        model.Forward(batch.Batch, training: false, adaptersEnabled: adaptersEnabled).LogProbs;
}
