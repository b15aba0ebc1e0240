namespace SharpAlign.Objectives.Kto;

/// <summary>
/// Unpaired objectives of TRL's KTOTrainer (huggingface/trl trl/trainer/kto_trainer.py, main f2cd577;
/// research/losses.md §8.2), with r = ℓ_θ(y) − ℓ_ref(y):
/// <c>kto</c> (Ethayarajh et al. 2024): desirable λ_D·(1 − σ(β(r − z₀))), undesirable λ_U·(1 − σ(β(z₀ − r))),
/// z₀ = max(0, KL estimate) — the batch mean of ℓ_θ − ℓ_ref over mismatched (prompt, completion)
/// pairs, or <see cref="UnpairedBatch.KlEstimate"/> — a constant (detached) as in TRL.
/// <c>apo_zero_unpaired</c>: desirable λ_D·(1 − σ(βr)), undesirable λ_U·σ(βr); no KL.
/// The micro-batch loss is the mean over all N examples of both kinds, so a batch of one class is
/// well defined. Metrics: <c>kl</c> (z₀, kto only), rewards/chosen and logps/chosen (means of β·r and ℓ_θ over
/// desirable examples — absent when there are none), rewards/rejected and logps/rejected likewise,
/// rewards/margins (when both classes are present), count/desirable, count/undesirable (a trainer
/// aggregating class means over micro-batches should weight them by these counts, as TRL does with its sums).
/// </summary>
public sealed class KtoObjective(ObjectiveInfo info, double beta, double desirableWeight, double undesirableWeight, bool apoZero) : IUnpairedObjective
{
    /// <inheritdoc />
    public ObjectiveInfo Info => info;

    /// <inheritdoc />
    public ObjectiveResult<UnpairedGradient> Compute(UnpairedBatch batch)
    {
        batch.Validate();
        var refLogp = batch.ReferenceLogp ?? throw new InputException($"objective '{info.Name}' needs reference log-probs (ReferenceLogp) but the batch has none");
        int n = batch.Count;
        double z0 = 0;
        if (!apoZero)
        {
            double est;
            if (batch.KlEstimate is { } given) est = given;
            else if (batch.KlPolicyLogp is { } kp)
            {
                double s = 0;
                for (int i = 0; i < kp.Length; i++) s += kp[i] - batch.KlReferenceLogp![i];
                est = s / kp.Length;
            }
            else throw new InputException("objective 'kto': needs the KL reference point — KlPolicyLogp/KlReferenceLogp (mismatched pairs) or KlEstimate — in the batch");
            z0 = Math.Max(0, est);
        }
        var grad = new UnpairedGradient(batch);
        double loss = 0;
        double rc = 0, rr = 0, lc = 0, lr = 0;
        int nc = 0, nr = 0;
        for (int i = 0; i < n; i++)
        {
            double r = batch.PolicyLogp[i] - refLogp[i];
            double v, dr;
            if (batch.Desirable[i])
            {
                double x = beta * (r - z0);
                v = desirableWeight * (1 - StableMath.Sigmoid(x));
                dr = -desirableWeight * StableMath.Sigmoid(x) * StableMath.Sigmoid(-x) * beta;
                rc += beta * r; lc += batch.PolicyLogp[i]; nc++;
            }
            else
            {
                double x = apoZero ? beta * r : beta * (z0 - r);
                double sx = StableMath.Sigmoid(x), sxd = sx * StableMath.Sigmoid(-x) * beta;
                v = undesirableWeight * (apoZero ? sx : 1 - sx);
                dr = undesirableWeight * sxd;
                rr += beta * r; lr += batch.PolicyLogp[i]; nr++;
            }
            loss += v / n;
            grad.PolicyLogp[i] = dr / n;
            grad.ReferenceLogp![i] = -dr / n;
        }
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["count/desirable"] = nc,
            ["count/undesirable"] = nr,
        };
        if (!apoZero) metrics["kl"] = z0;
        if (nc > 0) { metrics["rewards/chosen"] = rc / nc; metrics["logps/chosen"] = lc / nc; }
        if (nr > 0) { metrics["rewards/rejected"] = rr / nr; metrics["logps/rejected"] = lr / nr; }
        if (nc > 0 && nr > 0) metrics["rewards/margins"] = rc / nc - rr / nr;
        return new ObjectiveResult<UnpairedGradient> { Loss = loss, Gradient = grad, Metrics = metrics };
    }
}
