namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// Alignment via optimal transport (AOT, Melnyk et al. 2024) — batch-coupled, source
/// huggingface/trl trl/trainer/dpo_trainer.py. With d_k the k-th difference of separately sorted
/// (ascending) batch quantities, L_k = −(1−ε)·log σ(β·d_k) − ε·log σ(−β·d_k):
/// <c>aot</c>: sort m_i = ℓ̂_θ(y_w) − ℓ̂_θ(y_l) and m_ref,i = ℓ̂_ref(y_w) − ℓ̂_ref(y_l); d_k = m_(k) − m_ref,(k).
/// <c>aot_unpaired</c> (named <c>aot_pair</c> up to TRL v0.27): sort r_w and r_l; d_k = r_w,(k) − r_l,(k).
/// Both use raw log-probs (no f-scores). Loss k is reported at position k (sorted order, not pair order).
/// Ties sort stably by pair index; the gradient is that of the permuted sum (piecewise linear in the sort).
/// </summary>
public sealed class AotLoss(bool unpaired, double epsilon) : IPairLossTerm
{
    /// <inheritdoc />
    public string Name => unpaired ? "aot_unpaired" : "aot";

    /// <inheritdoc />
    public void Evaluate(PairContext ctx, ReadOnlySpan<double> upstream, Span<double> losses)
    {
        int n = ctx.Count;
        var a = new double[n];
        var c = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = unpaired ? ctx.RatioChosen[i] : ctx.PolicyChosen[i] - ctx.PolicyRejected[i];
            c[i] = unpaired ? ctx.RatioRejected[i] : ctx.ReferenceChosen[i] - ctx.ReferenceRejected[i];
        }
        var ia = Enumerable.Range(0, n).OrderBy(i => a[i]).ToArray();
        var ic = Enumerable.Range(0, n).OrderBy(i => c[i]).ToArray();
        for (int k = 0; k < n; k++)
        {
            double x = ctx.Beta * (a[ia[k]] - c[ic[k]]);
            var (v, slope) = MarginLoss.Smoothed(x, epsilon);
            losses[k] = v;
            double g = upstream[k] * slope * ctx.Beta;
            int p = ia[k], q = ic[k];
            if (unpaired)
            {
                ctx.GradPolicyChosen[p] += g;
                ctx.GradReferenceChosen[p] -= g;
                ctx.GradPolicyRejected[q] -= g;
                ctx.GradReferenceRejected[q] += g;
            }
            else
            {
                ctx.GradPolicyChosen[p] += g;
                ctx.GradPolicyRejected[p] -= g;
                ctx.GradReferenceChosen[q] -= g;
                ctx.GradReferenceRejected[q] += g;
            }
        }
    }
}
