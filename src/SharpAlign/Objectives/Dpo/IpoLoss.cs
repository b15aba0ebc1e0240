namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <c>ipo</c> (IPO, Azar et al. 2023, Eq. 17; τ = β).
/// <c>length_normalized</c> (TRL, default): L = (s_w/n_w − s_l/n_l − 1/(2β))² — TRL's choice,
/// agreed with the IPO authors (research/losses.md §12.3); n = 0 is rejected.
/// <c>summed</c> (the paper and eric-mitchell/direct-preference-optimization trainers.py):
/// L = (Δ − 1/(2β))². Logged rewards stay β·r on summed log-probs in both (TRL-new; TRL-legacy
/// logged length-averaged rewards for IPO). Source: huggingface/trl trl/trainer/dpo_trainer.py.
/// </summary>
public sealed class IpoLoss(bool lengthNormalized) : IPairLossTerm
{
    /// <summary>The <c>ipo_variant</c> choices.</summary>
    public static readonly string[] Variants = ["length_normalized", "summed"];

    /// <inheritdoc />
    public string Name => "ipo";

    /// <inheritdoc />
    public void Evaluate(PairContext ctx, ReadOnlySpan<double> upstream, Span<double> losses)
    {
        if (lengthNormalized)
        {
            PreferenceBatch.RequireNonEmpty("ipo", "ChosenTokens", ctx.Batch.ChosenTokens);
            PreferenceBatch.RequireNonEmpty("ipo", "RejectedTokens", ctx.Batch.RejectedTokens);
        }
        double target = 1 / (2 * ctx.Beta);
        for (int i = 0; i < ctx.Count; i++)
        {
            double nw = lengthNormalized ? ctx.Batch.ChosenTokens[i] : 1;
            double nl = lengthNormalized ? ctx.Batch.RejectedTokens[i] : 1;
            double d = ctx.ScoreChosen[i] / nw - ctx.ScoreRejected[i] / nl - target;
            losses[i] = d * d;
            ctx.GradScoreChosen[i] += upstream[i] * 2 * d / nw;
            ctx.GradScoreRejected[i] -= upstream[i] * 2 * d / nl;
        }
    }
}
