namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <c>soft-label</c> (probabilistic DPO; CustomPOs' <c>mpo</c>): with a preference probability p,
/// L = −p·log σ(z) − (1−p)·log σ(−z), z = βΔ; dL/dz = σ(z) − p, dL/dp = −z.
/// p comes from <see cref="PreferenceBatch.PreferenceProbability"/> when given, else from external scores:
/// p = σ(s_w − s_l), or with <c>use_reward_logit</c> p = σ(logit(s̃_w) − logit(s̃_l)), s̃ = clamp(s, 1e-8, 1−1e-8).
/// p = 1 is DPO. Source: martimfasantos/CustomPOs-for-SLMs algorithms/custom_po_trainer.py (<c>mpo</c>).
/// </summary>
public sealed class SoftLabelLoss(bool useRewardLogit) : IPairLossTerm
{
    private const double Eps = 1e-8;

    /// <inheritdoc />
    public string Name => "soft-label";

    /// <inheritdoc />
    public void Evaluate(PairContext ctx, ReadOnlySpan<double> upstream, Span<double> losses)
    {
        var batch = ctx.Batch;
        bool direct = batch.PreferenceProbability is not null;
        if (!direct && (batch.ScoreChosen is null || batch.ScoreRejected is null))
            throw new InputException("objective 'soft-label': needs PreferenceProbability or ScoreChosen/ScoreRejected in the batch");
        for (int i = 0; i < ctx.Count; i++)
        {
            double p, dpdw = 0, dpdl = 0;
            if (direct) p = batch.PreferenceProbability![i];
            else
            {
                double sw = batch.ScoreChosen![i], sl = batch.ScoreRejected![i];
                double tw = sw, tl = sl, jw = 1, jl = 1;
                if (useRewardLogit)
                {
                    (tw, jw) = Logit(sw);
                    (tl, jl) = Logit(sl);
                }
                p = StableMath.Sigmoid(tw - tl);
                double pp = p * StableMath.Sigmoid(tl - tw);
                dpdw = pp * jw;
                dpdl = -pp * jl;
            }
            double z = ctx.Beta * ctx.Delta(i);
            losses[i] = -p * StableMath.LogSigmoid(z) - (1 - p) * StableMath.LogSigmoid(-z);
            ctx.AddDelta(i, upstream[i] * (StableMath.Sigmoid(z) - p) * ctx.Beta);
            if (direct) ctx.Raw.PreferenceProbability![i] += upstream[i] * -z;
            else
            {
                ctx.Raw.ScoreChosen![i] += upstream[i] * -z * dpdw;
                ctx.Raw.ScoreRejected![i] += upstream[i] * -z * dpdl;
            }
        }
    }

    /// <summary>logit of the clamped score and its derivative (0 where the clamp is active).</summary>
    private static (double Value, double Slope) Logit(double s)
    {
        double c = Math.Clamp(s, Eps, 1 - Eps);
        double slope = s < Eps || s > 1 - Eps ? 0 : 1 / (c * (1 - c));
        return (Math.Log(c) - StableMath.Log1P(-c), slope);
    }
}
