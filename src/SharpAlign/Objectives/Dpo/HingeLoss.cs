namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <c>hinge</c>: L = max(0, 1 − βΔ) — SLiC's calibration hinge on DPO's implicit reward, i.e.
/// <b>SLiC-DPO</b> (margin 1/β on Δ). Sources: huggingface/trl trl/trainer/dpo_trainer.py;
/// martimfasantos/CustomPOs-for-SLMs algorithms/custom_po_trainer.py (<c>hinge</c> with a reference).
/// The reference-free SLiC is the <c>slic</c> objective (<see cref="Cpo.CpoObjective"/>).
/// Slope at the kink (βΔ = 1) is 0, as torch.relu.
/// </summary>
public sealed class HingeLoss : MarginLoss
{
    /// <inheritdoc />
    public override string Name => "hinge";

    /// <inheritdoc />
    public override (double Value, double Slope) Apply(double z) => z < 1 ? (1 - z, -1) : (0, 0);
}
