namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// Anchored preference optimisation (APO, D'Oosterlinck et al. 2024), source huggingface/trl
/// trl/trainer/dpo_trainer.py:
/// <c>apo_zero</c>: L = 1 − σ(β·r_w) + σ(β·r_l) (raw log-ratios, not f-scores);
/// <c>apo_down</c>: L = σ(β·r_w) + 1 − σ(β·δ).
/// </summary>
public sealed class ApoLoss(bool down) : IPairLossTerm
{
    /// <inheritdoc />
    public string Name => down ? "apo_down" : "apo_zero";

    /// <inheritdoc />
    public void Evaluate(PairContext ctx, ReadOnlySpan<double> upstream, Span<double> losses)
    {
        double b = ctx.Beta;
        for (int i = 0; i < ctx.Count; i++)
        {
            double uw = b * ctx.RatioChosen[i];
            double sw = StableMath.Sigmoid(uw), swd = sw * StableMath.Sigmoid(-uw);
            if (!down)
            {
                double ul = b * ctx.RatioRejected[i];
                double sl = StableMath.Sigmoid(ul);
                losses[i] = 1 - sw + sl;
                ctx.AddRatio(i, upstream[i] * -swd * b, upstream[i] * sl * StableMath.Sigmoid(-ul) * b);
            }
            else
            {
                double z = b * ctx.Delta(i);
                double sz = StableMath.Sigmoid(z);
                losses[i] = sw + 1 - sz;
                ctx.AddRatio(i, upstream[i] * swd * b, 0);
                ctx.AddDelta(i, upstream[i] * -sz * StableMath.Sigmoid(-z) * b);
            }
        }
    }
}
