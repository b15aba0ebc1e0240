namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <c>kto_pair</c> (removed from TRL after v0.8; kept in CustomPOs-for-SLMs custom_po_trainer.py):
/// KL_w = max(0, mean_i r_w,i), KL_l = max(0, mean_i r_l,i) over the micro-batch (not detached, as in
/// the source); 2B terms 1 − σ(β(r_w,i − KL_l)) and 1 − σ(β(KL_w − r_l,i)), averaged over all 2B as the
/// sources do — so the per-pair value here is the mean of the pair's two terms. Uses raw log-ratios.
/// Logs <c>kl/chosen</c>, <c>kl/rejected</c>.
/// </summary>
public sealed class KtoPairLoss : IPairLossTerm
{
    /// <inheritdoc />
    public string Name => "kto_pair";

    /// <inheritdoc />
    public void Evaluate(PairContext ctx, ReadOnlySpan<double> upstream, Span<double> losses)
    {
        int n = ctx.Count;
        double b = ctx.Beta;
        double mw = ctx.RatioChosen.Average(), ml = ctx.RatioRejected.Average();
        double klw = Math.Max(0, mw), kll = Math.Max(0, ml);
        bool klwLive = mw > 0, kllLive = ml > 0;
        double gKlw = 0, gKll = 0;
        for (int i = 0; i < n; i++)
        {
            double a = b * (ctx.RatioChosen[i] - kll);
            double c = b * (klw - ctx.RatioRejected[i]);
            losses[i] = 0.5 * ((1 - StableMath.Sigmoid(a)) + (1 - StableMath.Sigmoid(c)));
            double da = -StableMath.Sigmoid(a) * StableMath.Sigmoid(-a) * b * 0.5 * upstream[i];
            double dc = -StableMath.Sigmoid(c) * StableMath.Sigmoid(-c) * b * 0.5 * upstream[i];
            ctx.AddRatio(i, da, -dc);
            gKll -= da;
            gKlw += dc;
        }
        for (int i = 0; i < n; i++)
            ctx.AddRatio(i, klwLive ? gKlw / n : 0, kllLive ? gKll / n : 0);
        ctx.Metrics["kl/chosen"] = klw;
        ctx.Metrics["kl/rejected"] = kll;
    }
}
