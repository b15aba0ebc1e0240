namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <c>sppo_hard</c> (SPPO with hard labels, Wu et al. 2024): L = (s_w − 1/(2β))² + (s_l + 1/(2β))².
/// Source: huggingface/trl trl/trainer/dpo_trainer.py.
/// </summary>
public sealed class SppoHardLoss : IPairLossTerm
{
    /// <inheritdoc />
    public string Name => "sppo_hard";

    /// <inheritdoc />
    public void Evaluate(PairContext ctx, ReadOnlySpan<double> upstream, Span<double> losses)
    {
        double h = 0.5 / ctx.Beta;
        for (int i = 0; i < ctx.Count; i++)
        {
            double a = ctx.ScoreChosen[i] - h, c = ctx.ScoreRejected[i] + h;
            losses[i] = a * a + c * c;
            ctx.GradScoreChosen[i] += upstream[i] * 2 * a;
            ctx.GradScoreRejected[i] += upstream[i] * 2 * c;
        }
    }
}
