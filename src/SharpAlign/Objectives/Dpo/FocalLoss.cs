namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// Focal preference losses (CustomPOs-for-SLMs algorithms/custom_po_trainer.py), z = βΔ, m = ℓ̂_θ(y_w) − ℓ̂_θ(y_l):
/// <c>fpo</c>: L = −(1 − σ(z))^γ · log σ(z);
/// <c>fcpo</c>: L = −(1 − σ(z))^γ · log σ(β·m) (the focal weight uses the reference, the log-sigmoid does not).
/// The weight (1−σ(z))^γ = exp(γ·log σ(−z)) is not detached (as in the source), so it is differentiated.
/// </summary>
public sealed class FocalLoss(double gamma, bool contrastive) : IPairLossTerm
{
    /// <inheritdoc />
    public string Name => contrastive ? "fcpo" : "fpo";

    /// <inheritdoc />
    public void Evaluate(PairContext ctx, ReadOnlySpan<double> upstream, Span<double> losses)
    {
        double beta = ctx.Beta;
        for (int i = 0; i < ctx.Count; i++)
        {
            double z = beta * ctx.Delta(i);
            double weight = Math.Exp(gamma * StableMath.LogSigmoid(-z));
            double dWeight = -gamma * weight * StableMath.Sigmoid(z);
            if (!contrastive)
            {
                double ls = StableMath.LogSigmoid(z);
                losses[i] = -weight * ls;
                ctx.AddDelta(i, upstream[i] * beta * (-dWeight * ls - weight * StableMath.Sigmoid(-z)));
            }
            else
            {
                double x = beta * (ctx.PolicyChosen[i] - ctx.PolicyRejected[i]);
                double ls = StableMath.LogSigmoid(x);
                losses[i] = -weight * ls;
                ctx.AddDelta(i, upstream[i] * beta * (-dWeight * ls));
                double gx = upstream[i] * beta * (-weight * StableMath.Sigmoid(-x));
                ctx.GradPolicyChosen[i] += gx;
                ctx.GradPolicyRejected[i] -= gx;
            }
        }
    }
}
