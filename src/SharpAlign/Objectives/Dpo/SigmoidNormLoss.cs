namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <c>sigmoid_norm</c> (length-normalised DPO, Tülu 3): L = −log σ(β·(s_w/n_w − s_l/n_l)).
/// n = 0 is rejected. Source: huggingface/trl trl/trainer/dpo_trainer.py (since v1.4.0).
/// </summary>
public sealed class SigmoidNormLoss : IPairLossTerm
{
    /// <inheritdoc />
    public string Name => "sigmoid_norm";

    /// <inheritdoc />
    public void Evaluate(PairContext ctx, ReadOnlySpan<double> upstream, Span<double> losses)
    {
        PreferenceBatch.RequireNonEmpty(Name, "ChosenTokens", ctx.Batch.ChosenTokens);
        PreferenceBatch.RequireNonEmpty(Name, "RejectedTokens", ctx.Batch.RejectedTokens);
        for (int i = 0; i < ctx.Count; i++)
        {
            double nw = ctx.Batch.ChosenTokens[i], nl = ctx.Batch.RejectedTokens[i];
            double z = ctx.Beta * (ctx.ScoreChosen[i] / nw - ctx.ScoreRejected[i] / nl);
            losses[i] = -StableMath.LogSigmoid(z);
            double g = upstream[i] * -StableMath.Sigmoid(-z) * ctx.Beta;
            ctx.GradScoreChosen[i] += g / nw;
            ctx.GradScoreRejected[i] -= g / nl;
        }
    }
}
