namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <c>sigmoid</c> (DPO) and cDPO: L = −(1−ε)·log σ(βΔ) − ε·log σ(−βΔ).
/// ε = 0 is DPO (Rafailov et al. 2023, Eq. 7; TRL <c>sigmoid</c>, which has no label smoothing since
/// the v0.29 refactor). ε &gt; 0 is conservative DPO (eric-mitchell/direct-preference-optimization
/// trainers.py; TRL-legacy ≤ v0.27 applied <c>label_smoothing</c> inside <c>sigmoid</c>).
/// </summary>
public sealed class SigmoidLoss(double epsilon, string name = "sigmoid") : MarginLoss
{
    /// <inheritdoc />
    public override string Name => name;

    /// <inheritdoc />
    public override (double Value, double Slope) Apply(double z) => Smoothed(z, epsilon);
}
