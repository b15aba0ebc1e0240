namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <c>exo_pair</c> (EXO, Ji et al. 2024): the KL between the model's two-way distribution
/// q = (σ(z), σ(−z)), z = βΔ, and the smoothed target (1−ε, ε):
/// L = σ(z)·(log σ(z) − log(1−ε)) + σ(−z)·(log σ(−z) − log ε);
/// dL/dz = σ(z)σ(−z)·(z + log ε − log(1−ε)). Needs ε ∈ (0, 1) (paper: 1e-3).
/// Source: huggingface/trl trl/trainer/dpo_trainer.py. TRL-legacy silently replaced ε = 0 by 1e-3;
/// we reject it, as current TRL does.
/// </summary>
public sealed class ExoPairLoss : MarginLoss
{
    private readonly double _epsilon;

    /// <summary>ε = label_smoothing ∈ (0, 1).</summary>
    public ExoPairLoss(double epsilon)
    {
        if (!(epsilon > 0 && epsilon < 1))
            throw new InputException($"objective 'exo_pair': label_smoothing = {epsilon} must be in (0, 1) — the loss takes log ε (the EXO paper uses 1e-3)");
        _epsilon = epsilon;
    }

    /// <inheritdoc />
    public override string Name => "exo_pair";

    /// <inheritdoc />
    public override (double Value, double Slope) Apply(double z)
    {
        double q = StableMath.Sigmoid(z), qn = StableMath.Sigmoid(-z);
        double lq = StableMath.LogSigmoid(z), lqn = StableMath.LogSigmoid(-z);
        double le = Math.Log(_epsilon), l1e = StableMath.Log1P(-_epsilon);
        return (q * (lq - l1e) + qn * (lqn - le), q * qn * (z + le - l1e));
    }
}
