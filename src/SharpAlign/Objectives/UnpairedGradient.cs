namespace SharpAlign.Objectives;

/// <summary>
/// ∂loss/∂(each statistic of an <see cref="UnpairedBatch"/>). The KL reference point is a constant
/// in KTO (detached, as in TRL), so its inputs get no gradient and have no arrays here.
/// </summary>
public sealed class UnpairedGradient
{
    /// <summary>∂L/∂ℓ_θ(y).</summary>
    public double[] PolicyLogp { get; }

    /// <summary>∂L/∂ℓ_ref(y) (null without reference statistics).</summary>
    public double[]? ReferenceLogp { get; }

    /// <summary>Zeroed arrays matching <paramref name="batch"/>.</summary>
    public UnpairedGradient(UnpairedBatch batch)
    {
        PolicyLogp = new double[batch.Count];
        ReferenceLogp = batch.ReferenceLogp is null ? null : new double[batch.Count];
    }
}
