namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <c>nca_pair</c> (NCA, Chen et al. 2024), u = β·s:
/// L = −log σ(u_w) − ½·log σ(−u_w) − ½·log σ(−u_l).
/// Source: huggingface/trl trl/trainer/dpo_trainer.py.
/// </summary>
public sealed class NcaPairLoss : IPairLossTerm
{
    /// <inheritdoc />
    public string Name => "nca_pair";

    /// <inheritdoc />
    public void Evaluate(PairContext ctx, ReadOnlySpan<double> upstream, Span<double> losses)
    {
        double b = ctx.Beta;
        for (int i = 0; i < ctx.Count; i++)
        {
            double uw = b * ctx.ScoreChosen[i], ul = b * ctx.ScoreRejected[i];
            losses[i] = -StableMath.LogSigmoid(uw) - 0.5 * StableMath.LogSigmoid(-uw) - 0.5 * StableMath.LogSigmoid(-ul);
            ctx.GradScoreChosen[i] += upstream[i] * b * (-StableMath.Sigmoid(-uw) + 0.5 * StableMath.Sigmoid(uw));
            ctx.GradScoreRejected[i] += upstream[i] * b * 0.5 * StableMath.Sigmoid(ul);
        }
    }
}
