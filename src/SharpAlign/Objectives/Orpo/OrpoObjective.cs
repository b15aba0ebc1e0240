namespace SharpAlign.Objectives.Orpo;

/// <summary>
/// ORPO (Hong et al. 2024) as TRL computes it (huggingface/trl trl/experimental/orpo/orpo_trainer.py;
/// research/losses.md §8.1): a = ℓ_θ/n (length-averaged completion log-prob, must be &lt; 0),
/// log odds ratio L = (a_w − a_l) − [log(1 − e^{a_w}) − log(1 − e^{a_l})] with the stable log1mexp (§12.4),
/// loss = NLL − β·mean_i log σ(L_i), β = λ (0.1). NLL is the token-mean cross-entropy over the
/// <b>prompt and chosen</b> tokens pooled over the micro-batch, so the batch must carry
/// <see cref="PreferenceBatch.NllLogp"/>/<see cref="PreferenceBatch.NllTokens"/> for prompt+chosen.
/// ∂L/∂a_w = 1/(1 − e^{a_w}) = −1/expm1(a_w), ∂L/∂a_l = −1/(1 − e^{a_l}).
/// Metrics: rewards/* = β·a, logps/* = mean a, nll_loss, log_odds_ratio (mean log σ(L)), log_odds_chosen (mean L).
/// </summary>
public sealed class OrpoObjective(ObjectiveInfo info, double beta) : IPairedObjective
{
    /// <inheritdoc />
    public ObjectiveInfo Info => info;

    /// <inheritdoc />
    public ObjectiveResult<PreferenceGradient> Compute(PreferenceBatch batch)
    {
        batch.Validate();
        if (batch.NllLogp is null)
            throw new InputException("objective 'orpo': needs NllLogp/NllTokens — the summed log-prob and token count of prompt + chosen, ORPO's NLL term (TRL) — in the batch");
        PreferenceBatch.RequireNonEmpty(info.Name, "ChosenTokens", batch.ChosenTokens);
        PreferenceBatch.RequireNonEmpty(info.Name, "RejectedTokens", batch.RejectedTokens);
        int n = batch.Count;
        var grad = new PreferenceGradient(batch);
        var aw = new double[n];
        var al = new double[n];
        double meanLogSig = 0, meanL = 0, loss = 0;
        for (int i = 0; i < n; i++)
        {
            aw[i] = batch.PolicyChosen[i] / batch.ChosenTokens[i];
            al[i] = batch.PolicyRejected[i] / batch.RejectedTokens[i];
            if (!(aw[i] < 0) || !(al[i] < 0))
                throw new InputException($"objective 'orpo': pair {i} has an average log-prob ≥ 0 (chosen {aw[i]}, rejected {al[i]}); the odds p/(1−p) need p < 1");
            double l = aw[i] - al[i] - (StableMath.Log1mExp(aw[i]) - StableMath.Log1mExp(al[i]));
            double ls = StableMath.LogSigmoid(l);
            meanLogSig += ls / n;
            meanL += l / n;
            loss -= beta * ls / n;
            double dl = -beta * StableMath.Sigmoid(-l) / n;
            grad.PolicyChosen[i] += dl * (-1 / StableMath.ExpM1(aw[i])) / batch.ChosenTokens[i];
            grad.PolicyRejected[i] += dl * (1 / StableMath.ExpM1(al[i])) / batch.RejectedTokens[i];
        }
        double nll = Dpo.SftLoss.PooledNll(batch, info.Name, out double tokens);
        loss += nll;
        for (int i = 0; i < n; i++) grad.AddNll(i, -1 / tokens);
        var rw = aw.Select(a => beta * a).ToArray();
        var rl = al.Select(a => beta * a).ToArray();
        var metrics = RewardMetrics.FromRewards(rw, rl, aw, al);
        metrics["nll_loss"] = nll;
        metrics["log_odds_ratio"] = meanLogSig;
        metrics["log_odds_chosen"] = meanL;
        return new ObjectiveResult<PreferenceGradient> { Loss = loss, Gradient = grad, Metrics = metrics };
    }
}
