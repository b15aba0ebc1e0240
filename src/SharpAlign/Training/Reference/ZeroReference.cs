namespace SharpAlign.Training.Reference;

/// <summary>
/// <c>reference_free: true</c> as CustomPOs defines it: every reference log-prob is 0, so implicit
/// rewards become β·ℓ_θ and any reference-based loss runs without a reference model
/// (sigmoid → the CPO-style contrast, hinge → SLiC).
/// </summary>
public sealed class ZeroReference : IReferenceModel
{
    /// <inheritdoc />
    public double[] SequenceLogps(MicroBatch batch) => new double[batch.Batch.Sequences.Length];
}
