namespace SharpAlign.Objectives.Cpo;

/// <summary>
/// Reference-free contrastive objectives (research/losses.md §6, §7, §9):
/// log-prob statistic ℓ' = ℓ_θ (summed) or a_θ = ℓ_θ/n (averaged); reward R(y) = ℓ'(y), or with
/// AlphaPO α ≠ 0, R(y) = (1 − e^{−α·ℓ'(y)})/α; M = R(y_w) − R(y_l). Per pair:
/// sigmoid L = −(1−ε)·log σ(βM − γ) − ε·log σ(−(βM − γ)); hinge L = max(0, 1 − (βM − γ));
/// ipo L = (M − 1/(2β))². Total = mean_i L_i + w_nll·NLL, NLL the token-mean over the chosen (or
/// best-response) tokens pooled over the micro-batch (skipped when w_nll = 0).
/// CPO: sigmoid, summed, γ = 0, w_nll = cpo_alpha. SimPO: sigmoid (or hinge), averaged, γ.
/// CPO-SimPO: SimPO + cpo_alpha·NLL. AlphaPO: SimPO with α. SLiC: hinge, summed, + λ_sft·NLL.
/// AlphaPO's reward grows like e^{α·|ℓ'|}: it is finite only while α·|ℓ'| &lt; 709 (a property of the formula,
/// which is why TRL applies it to averaged log-probs); every other form here is stable for |margins| up to 1e4.
/// Metrics: rewards/* = β·R, logps/* = mean ℓ' (averaged when averaging, as TRL's CPOTrainer logs), nll_loss.
/// Sources: huggingface/trl trl/experimental/cpo/cpo_trainer.py; princeton-nlp/SimPO scripts/simpo_trainer.py;
/// martimfasantos/CustomPOs-for-SLMs algorithms/custom_po_trainer.py (SLiC).
/// </summary>
public sealed class CpoObjective(ObjectiveInfo info, CpoOptions options) : IPairedObjective
{
    /// <summary>The per-pair forms.</summary>
    public static readonly string[] Forms = ["sigmoid", "hinge", "ipo"];

    /// <inheritdoc />
    public ObjectiveInfo Info => info;

    /// <inheritdoc />
    public ObjectiveResult<PreferenceGradient> Compute(PreferenceBatch batch)
    {
        batch.Validate();
        var o = options;
        if (o.AverageLogProb)
        {
            PreferenceBatch.RequireNonEmpty(info.Name, "ChosenTokens", batch.ChosenTokens);
            PreferenceBatch.RequireNonEmpty(info.Name, "RejectedTokens", batch.RejectedTokens);
        }
        int n = batch.Count;
        var grad = new PreferenceGradient(batch);
        var lw = new double[n];
        var ll = new double[n];
        var rewardW = new double[n];
        var rewardL = new double[n];
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double sw = o.AverageLogProb ? 1.0 / batch.ChosenTokens[i] : 1;
            double sl = o.AverageLogProb ? 1.0 / batch.RejectedTokens[i] : 1;
            lw[i] = batch.PolicyChosen[i] * sw;
            ll[i] = batch.PolicyRejected[i] * sl;
            var (rw, dw) = Reward(lw[i]);
            var (rl, dl) = Reward(ll[i]);
            rewardW[i] = o.Beta * rw;
            rewardL[i] = o.Beta * rl;
            double m = rw - rl;
            double v, dm;
            switch (o.Form)
            {
                case "hinge":
                {
                    double x = o.Beta * m - o.Gamma;
                    (v, dm) = x < 1 ? (1 - x, -o.Beta) : (0.0, 0.0);
                    break;
                }
                case "ipo":
                {
                    double d = m - 1 / (2 * o.Beta);
                    (v, dm) = (d * d, 2 * d);
                    break;
                }
                default:
                {
                    var (val, slope) = Dpo.MarginLoss.Smoothed(o.Beta * m - o.Gamma, o.LabelSmoothing);
                    (v, dm) = (val, slope * o.Beta);
                    break;
                }
            }
            loss += v / n;
            grad.PolicyChosen[i] += dm * dw * sw / n;
            grad.PolicyRejected[i] -= dm * dl * sl / n;
        }
        var metrics = RewardMetrics.FromRewards(rewardW, rewardL, lw, ll);
        if (o.NllWeight != 0)
        {
            double nll = Dpo.SftLoss.PooledNll(batch, info.Name, out double tokens);
            loss += o.NllWeight * nll;
            for (int i = 0; i < n; i++) grad.AddNll(i, -o.NllWeight / tokens);
            metrics["nll_loss"] = nll;
        }
        return new ObjectiveResult<PreferenceGradient> { Loss = loss, Gradient = grad, Metrics = metrics };
    }

    /// <summary>R(ℓ') and dR/dℓ'.</summary>
    private (double Value, double Slope) Reward(double l)
    {
        double a = options.Alpha;
        if (a == 0) return (l, 1);
        double e = Math.Exp(-a * l);
        return (-StableMath.ExpM1(-a * l) / a, e);
    }
}
