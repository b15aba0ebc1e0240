namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <c>ropo</c> (ROPO, Liang et al. 2024, Eq. 9): with a = 4α/(1+α)², b = 4α²/(1+α)², z = βΔ,
/// L = −a·log σ(z) + b·σ(−z); dL/dz = −a·σ(−z) − b·σ(z)σ(−z). α = <c>alpha_ropo</c> (trainer default 14).
/// Source: martimfasantos/CustomPOs-for-SLMs algorithms/custom_po_trainer.py.
/// </summary>
public sealed class RopoLoss(double alpha) : MarginLoss
{
    /// <inheritdoc />
    public override string Name => "ropo";

    /// <inheritdoc />
    public override (double Value, double Slope) Apply(double z)
    {
        double a = 4 * alpha / ((1 + alpha) * (1 + alpha)), b = 4 * alpha * alpha / ((1 + alpha) * (1 + alpha));
        double sn = StableMath.Sigmoid(-z);
        return (-a * StableMath.LogSigmoid(z) + b * sn, -a * sn - b * StableMath.Sigmoid(z) * sn);
    }
}
