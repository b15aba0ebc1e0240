namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <c>sft</c>: token-mean negative log-likelihood of the chosen completions, pooled over the
/// micro-batch, NLL = −Σ_i ℓ_θ(y_w,i) / Σ_i n_w,i — the same value for every pair
/// (huggingface/trl trl/trainer/dpo_trainer.py). Reads <see cref="PreferenceBatch.NllLogp"/>/<see cref="PreferenceBatch.NllTokens"/>
/// when given (a separate best response), else the raw chosen statistics (not LD-weighted).
/// Combined with <c>sigmoid</c> at weight α it is RPO (TRL-legacy <c>rpo_alpha</c>). Logs <c>nll_loss</c>.
/// </summary>
public sealed class SftLoss : IPairLossTerm
{
    /// <inheritdoc />
    public string Name => "sft";

    /// <inheritdoc />
    public void Evaluate(PairContext ctx, ReadOnlySpan<double> upstream, Span<double> losses)
    {
        double nll = PooledNll(ctx.Batch, Name, out double tokens);
        double up = 0;
        for (int i = 0; i < ctx.Count; i++) { losses[i] = nll; up += upstream[i]; }
        for (int i = 0; i < ctx.Count; i++) ctx.Raw.AddNll(i, -up / tokens);
        ctx.Metrics["nll_loss"] = nll;
    }

    /// <summary>−Σ logp / Σ tokens over the batch's NLL sequences; throws when they hold no token.</summary>
    public static double PooledNll(PreferenceBatch batch, string objective, out double tokens)
    {
        var logp = batch.NllLogp ?? batch.PolicyChosen;
        var counts = batch.NllLogp is null ? batch.ChosenTokens : batch.NllTokens!;
        double sum = 0;
        tokens = 0;
        for (int i = 0; i < logp.Length; i++) { sum += logp[i]; tokens += counts[i]; }
        if (tokens == 0)
            throw new InputException($"objective '{objective}': the NLL term is a mean over the chosen/best-response tokens, but the micro-batch has none");
        return -sum / tokens;
    }
}
