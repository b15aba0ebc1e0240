namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// Base of the loss types that depend on a pair only through z = β·δ (δ = s_w − s_l, the DPO
/// margin Δ under reverse KL): a derived class gives ψ(z) and ψ'(z).
/// </summary>
public abstract class MarginLoss : IPairLossTerm
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>ψ(z) and dψ/dz.</summary>
    public abstract (double Value, double Slope) Apply(double z);

    /// <inheritdoc />
    public void Evaluate(PairContext ctx, ReadOnlySpan<double> upstream, Span<double> losses)
    {
        for (int i = 0; i < ctx.Count; i++)
        {
            var (v, dz) = Apply(ctx.Beta * ctx.Delta(i));
            losses[i] = v;
            ctx.AddDelta(i, upstream[i] * dz * ctx.Beta);
        }
    }

    /// <summary>−(1−ε)·log σ(x) − ε·log σ(−x) and its slope (the cDPO form used by several losses).</summary>
    public static (double Value, double Slope) Smoothed(double x, double epsilon) =>
        (-(1 - epsilon) * StableMath.LogSigmoid(x) - epsilon * StableMath.LogSigmoid(-x),
         -(1 - epsilon) * StableMath.Sigmoid(-x) + epsilon * StableMath.Sigmoid(x));
}
