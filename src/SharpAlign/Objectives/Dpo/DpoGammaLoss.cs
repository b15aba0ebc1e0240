namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <b>DPO-γ</b> (<c>dpo-gamma</c>): DPO with SimPO's target margin γ,
/// L = −(1−ε)·log σ(βΔ − γ) − ε·log σ(−(βΔ − γ)); with ε = 0 (as the published runs, whose
/// launcher never passes ε) L = −log σ(βΔ − γ). γ = 0 gives DPO / cDPO.
/// Source: martimfasantos/CustomPOs-for-SLMs algorithms/custom_po_trainer.py (<c>dpo-gamma</c>).
/// </summary>
public sealed class DpoGammaLoss(double gamma, double epsilon) : MarginLoss
{
    /// <inheritdoc />
    public override string Name => "dpo-gamma";

    /// <inheritdoc />
    public override (double Value, double Slope) Apply(double z) => Smoothed(z - gamma, epsilon);
}
