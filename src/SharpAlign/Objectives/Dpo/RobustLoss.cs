namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <c>robust</c> (robust DPO, Chowdhury et al. 2024): L = [−(1−ε)·log σ(βΔ) + ε·log σ(−βΔ)] / (1 − 2ε),
/// ε ∈ [0, 0.5). Source: huggingface/trl trl/trainer/dpo_trainer.py.
/// </summary>
public sealed class RobustLoss : MarginLoss
{
    private readonly double _epsilon;

    /// <summary>ε = label_smoothing, the assumed label-flip rate; must be in [0, 0.5).</summary>
    public RobustLoss(double epsilon)
    {
        if (epsilon < 0 || epsilon >= 0.5)
            throw new InputException($"objective 'robust': label_smoothing = {epsilon} must be in [0, 0.5) (the loss divides by 1 − 2ε)");
        _epsilon = epsilon;
    }

    /// <inheritdoc />
    public override string Name => "robust";

    /// <inheritdoc />
    public override (double Value, double Slope) Apply(double z)
    {
        double e = _epsilon, d = 1 - 2 * e;
        return ((-(1 - e) * StableMath.LogSigmoid(z) + e * StableMath.LogSigmoid(-z)) / d,
                (-(1 - e) * StableMath.Sigmoid(-z) - e * StableMath.Sigmoid(z)) / d);
    }
}
