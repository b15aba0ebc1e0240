namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <c>discopop</c> (DiscoPOP / LRML, Chris Lu et al. 2024): z = βΔ, w = σ(z/τ),
/// L = (1−w)·(−log σ(z)) + w·e^{−z}. The product w·e^{−z} is evaluated as exp(log σ(z/τ) − z)
/// so that |z| up to 1e3 neither overflows nor gives 0·∞. τ = <c>discopop_tau</c> (0.05).
/// Source: huggingface/trl trl/trainer/dpo_trainer.py.
/// </summary>
public sealed class DiscoPopLoss(double tau) : MarginLoss
{
    /// <inheritdoc />
    public override string Name => "discopop";

    /// <inheritdoc />
    public override (double Value, double Slope) Apply(double z)
    {
        double t = z / tau;
        double w = StableMath.Sigmoid(t), wn = StableMath.Sigmoid(-t);
        double ls = StableMath.LogSigmoid(z);
        double wExp = Math.Exp(StableMath.LogSigmoid(t) - z);                                   // w·e^{−z}
        double dwExp = Math.Exp(StableMath.LogSigmoid(t) + StableMath.LogSigmoid(-t) - z) / tau; // w'·e^{−z}
        double dw = w * wn / tau;
        double value = -wn * ls + wExp;
        double slope = dw * ls - wn * StableMath.Sigmoid(-z) + dwExp - wExp;
        return (value, slope);
    }
}
