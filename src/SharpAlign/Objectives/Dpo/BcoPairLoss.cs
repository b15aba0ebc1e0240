namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <c>bco_pair</c> (BCO on pairs, Jung et al. 2024), u = β·s:
/// TRL-new (default, <c>bco_shift: none</c>): L = −log σ(u_w) − log σ(−u_l).
/// TRL-legacy (<c>bco_shift: running_mean</c>): L = −log σ(u_w − δ) − log σ(−(u_l − δ)), δ the running
/// mean of every reward β·r seen so far, updated with this batch's 2B rewards before the loss and
/// treated as a constant (as TRL's RunningMoments, whose count starts at 1e-24). With the running mean
/// the objective instance carries state across calls — the one impure option, kept for reproducing
/// old runs. Source: huggingface/trl trl/trainer/dpo_trainer.py (main and v0.27.2).
/// </summary>
public sealed class BcoPairLoss(bool runningMean) : IPairLossTerm
{
    /// <summary>The <c>bco_shift</c> choices.</summary>
    public static readonly string[] Shifts = ["none", "running_mean"];

    private double _mean;
    private double _count = 1e-24;

    /// <summary>The running mean δ after the last call (0 without the legacy shift).</summary>
    public double Shift => runningMean ? _mean : 0;

    /// <inheritdoc />
    public string Name => "bco_pair";

    /// <inheritdoc />
    public void Evaluate(PairContext ctx, ReadOnlySpan<double> upstream, Span<double> losses)
    {
        double b = ctx.Beta;
        if (runningMean)
        {
            double sum = 0;
            for (int i = 0; i < ctx.Count; i++) sum += b * ctx.RatioChosen[i] + b * ctx.RatioRejected[i];
            double batchCount = 2.0 * ctx.Count, batchMean = sum / batchCount;
            double total = _count + batchCount;
            _mean += (batchMean - _mean) * batchCount / total;
            _count = total;
            ctx.Metrics["bco/running_mean"] = _mean;
        }
        double delta = Shift;
        for (int i = 0; i < ctx.Count; i++)
        {
            double uw = b * ctx.ScoreChosen[i] - delta, ul = b * ctx.ScoreRejected[i] - delta;
            losses[i] = -StableMath.LogSigmoid(uw) - StableMath.LogSigmoid(-ul);
            ctx.GradScoreChosen[i] += upstream[i] * b * -StableMath.Sigmoid(-uw);
            ctx.GradScoreRejected[i] += upstream[i] * b * StableMath.Sigmoid(ul);
        }
    }
}
