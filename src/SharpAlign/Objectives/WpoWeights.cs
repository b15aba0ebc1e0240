namespace SharpAlign.Objectives;

/// <summary>
/// The WPO pair weight a trainer passes in <see cref="PreferenceBatch.Weights"/> (research/losses.md §4.4;
/// wzhouad/WPO scripts/run_wpo.py, huggingface/trl dpo_trainer.py <c>use_weighting</c>). Per completion token t
/// with policy logits z_t (no gradient): v_t = log p_t(y_t) − log Σ_v p_t(v)² = z[y_t] + logsumexp(z) − logsumexp(2z),
/// taken at the same (aligned) position. Sequence weight w(y) = exp(mean_t v_t); pair weight w(y_w)·w(y_l),
/// clamped at 1 by the WPO authors and TRL-legacy (<c>wpo_clamp</c>), not by TRL-new.
/// </summary>
public static class WpoWeights
{
    /// <summary>v_t for one position: the logits that predict the token, and the token id.</summary>
    public static double TokenTerm(ReadOnlySpan<float> logits, int target)
    {
        if ((uint)target >= (uint)logits.Length)
            throw new InputException($"WPO weight: target id {target} is outside the vocabulary of {logits.Length} logits");
        double max = double.NegativeInfinity;
        foreach (var z in logits) max = Math.Max(max, z);
        double s1 = 0, s2 = 0;
        foreach (var z in logits)
        {
            double d = z - max;
            s1 += Math.Exp(d);
            s2 += Math.Exp(2 * d);
        }
        // logsumexp(z) − logsumexp(2z) = (max + log s1) − (2·max + log s2).
        return logits[target] + Math.Log(s1) - Math.Log(s2) - max;
    }

    /// <summary>w(y_w)·w(y_l) = exp(mean v over y_w + mean v over y_l).</summary>
    public static double PairWeight(double meanTermChosen, double meanTermRejected) => Math.Exp(meanTermChosen + meanTermRejected);
}
