namespace SharpAlign.Objectives.CustomPos;

/// <summary>
/// CustomPOs-for-SLMs' total loss (martimfasantos/CustomPOs-for-SLMs algorithms/custom_po_trainer.py;
/// research/losses.md §9.1): L = λ_contrast·L_contrast + λ_sft·NLL, where the NLL is taken on the
/// best response (the chosen completion when the data has none):
/// <list type="bullet">
/// <item><c>sft_type: token</c> — token mean over the batch, −Σᵢ ℓ(bestᵢ) / Σᵢ nᵢ;</item>
/// <item><c>sft_type: instance</c> — example mean of −ℓ(bestᵢ), or of −ℓ(bestᵢ)/nᵢ with <c>average_log_prob</c>.</item>
/// </list>
/// With λ_sft = 0 the NLL is skipped entirely (the source would otherwise turn an empty best-response
/// block into NaN). Logs <c>nll_loss</c> and <c>logps/best</c> besides the contrast loss's metrics.
/// </summary>
public sealed class CustomPosObjective(IPairedObjective contrast, double lambdaContrast, double lambdaSft, string sftType, bool averageLogProb)
    : IPairedObjective
{
    /// <inheritdoc />
    public ObjectiveInfo Info => contrast.Info;

    /// <inheritdoc />
    public ObjectiveResult<PreferenceGradient> Compute(PreferenceBatch batch)
    {
        var r = contrast.Compute(batch);
        var g = r.Gradient;
        foreach (var a in new[] { g.PolicyChosen, g.PolicyRejected, g.ReferenceChosen, g.ReferenceRejected, g.PolicyChosenShared, g.PolicyRejectedShared,
                     g.ReferenceChosenShared, g.ReferenceRejectedShared, g.ChosenEntropy, g.RejectedEntropy, g.ScoreChosen, g.ScoreRejected,
                     g.PreferenceProbability, g.Weights, g.NllLogp })
            if (a is not null) for (int i = 0; i < a.Length; i++) a[i] *= lambdaContrast;
        foreach (var a in g.Columns.Values) for (int i = 0; i < a.Length; i++) a[i] *= lambdaContrast;
        double loss = lambdaContrast * r.Loss;
        if (lambdaSft != 0)
        {
            var logp = batch.NllLogp ?? batch.PolicyChosen;
            var tokens = batch.NllTokens ?? batch.ChosenTokens;
            var dNll = batch.NllLogp is null ? g.PolicyChosen : g.NllLogp!;
            int b = batch.Count;
            double nll;
            if (sftType == "token")
            {
                long total = tokens.Sum(t => (long)t);
                if (total == 0) throw new InputException("CustomPOs NLL (sft_type: token): the batch's best responses have no tokens");
                nll = -logp.Sum() / total;
                for (int i = 0; i < b; i++) dNll[i] += -lambdaSft / total;
            }
            else
            {
                if (averageLogProb) PreferenceBatch.RequireNonEmpty("custompos nll", "NllTokens", tokens);
                nll = 0;
                for (int i = 0; i < b; i++)
                {
                    double n = averageLogProb ? tokens[i] : 1;
                    nll -= logp[i] / n / b;
                    dNll[i] += -lambdaSft / (n * b);
                }
            }
            loss += lambdaSft * nll;
            r.Metrics["nll_loss"] = nll;
            r.Metrics["logps/best"] = logp.Average();
        }
        return new ObjectiveResult<PreferenceGradient> { Loss = loss, Gradient = g, Metrics = r.Metrics };
    }
}
