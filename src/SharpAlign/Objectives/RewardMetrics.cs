namespace SharpAlign.Objectives;

/// <summary>The TRL reward metrics of a paired batch, given each loss's own reward definition.</summary>
public static class RewardMetrics
{
    /// <summary>
    /// Rewards β·(ℓ_θ − ℓ_ref) (pass zeros as the reference for reference-free rewards β·ℓ_θ):
    /// rewards/chosen, rewards/rejected, rewards/margins, rewards/accuracies (strict &gt;),
    /// logps/chosen, logps/rejected — all means over the pairs.
    /// </summary>
    public static SortedDictionary<string, double> Paired(double beta, double[] policyChosen, double[] policyRejected,
        double[] referenceChosen, double[] referenceRejected)
    {
        int n = policyChosen.Length;
        var rc = new double[n];
        var rr = new double[n];
        for (int i = 0; i < n; i++)
        {
            rc[i] = beta * (policyChosen[i] - referenceChosen[i]);
            rr[i] = beta * (policyRejected[i] - referenceRejected[i]);
        }
        return FromRewards(rc, rr, policyChosen, policyRejected);
    }

    /// <summary>Metrics from explicit per-pair rewards and logged log-probs.</summary>
    public static SortedDictionary<string, double> FromRewards(double[] chosenRewards, double[] rejectedRewards, double[] logpChosen, double[] logpRejected)
    {
        int n = chosenRewards.Length;
        double c = 0, r = 0, m = 0, acc = 0, lc = 0, lr = 0;
        for (int i = 0; i < n; i++)
        {
            c += chosenRewards[i];
            r += rejectedRewards[i];
            m += chosenRewards[i] - rejectedRewards[i];
            if (chosenRewards[i] > rejectedRewards[i]) acc++;
            lc += logpChosen[i];
            lr += logpRejected[i];
        }
        return new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["rewards/chosen"] = c / n,
            ["rewards/rejected"] = r / n,
            ["rewards/margins"] = m / n,
            ["rewards/accuracies"] = acc / n,
            ["logps/chosen"] = lc / n,
            ["logps/rejected"] = lr / n,
        };
    }
}
