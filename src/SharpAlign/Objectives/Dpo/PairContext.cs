namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// The per-pair quantities every DPO-family term reads, and the gradient accumulators it writes.
/// Log-probs here are the LD-DPO-weighted ℓ̂ (equal to ℓ without <c>ld_alpha</c>); reference
/// values are 0 when the objective runs reference-free (TRL-legacy <c>reference_free</c>).
/// </summary>
public sealed class PairContext
{
    /// <summary>Number of pairs B.</summary>
    public int Count { get; }
    /// <summary>β.</summary>
    public double Beta { get; }
    /// <summary>The raw statistics (for entropy, scores, NLL and other extra inputs).</summary>
    public PreferenceBatch Batch { get; }
    /// <summary>Gradient with respect to the raw statistics (for the extra inputs a term reads directly).</summary>
    public PreferenceGradient Raw { get; }

    /// <summary>ℓ̂_θ(y_w).</summary>
    public double[] PolicyChosen { get; }
    /// <summary>ℓ̂_θ(y_l).</summary>
    public double[] PolicyRejected { get; }
    /// <summary>ℓ̂_ref(y_w).</summary>
    public double[] ReferenceChosen { get; }
    /// <summary>ℓ̂_ref(y_l).</summary>
    public double[] ReferenceRejected { get; }
    /// <summary>r_w = ℓ̂_θ(y_w) − ℓ̂_ref(y_w).</summary>
    public double[] RatioChosen { get; }
    /// <summary>r_l = ℓ̂_θ(y_l) − ℓ̂_ref(y_l).</summary>
    public double[] RatioRejected { get; }
    /// <summary>s_w = f(r_w), the f-divergence score (r_w for reverse KL).</summary>
    public double[] ScoreChosen { get; }
    /// <summary>s_l = f(r_l).</summary>
    public double[] ScoreRejected { get; }

    /// <summary>∂/∂ℓ̂_θ(y_w) accumulator.</summary>
    public double[] GradPolicyChosen { get; }
    /// <summary>∂/∂ℓ̂_θ(y_l) accumulator.</summary>
    public double[] GradPolicyRejected { get; }
    /// <summary>∂/∂ℓ̂_ref(y_w) accumulator.</summary>
    public double[] GradReferenceChosen { get; }
    /// <summary>∂/∂ℓ̂_ref(y_l) accumulator.</summary>
    public double[] GradReferenceRejected { get; }
    /// <summary>∂/∂s_w accumulator (chained through f by the objective).</summary>
    public double[] GradScoreChosen { get; }
    /// <summary>∂/∂s_l accumulator.</summary>
    public double[] GradScoreRejected { get; }

    /// <summary>Extra metrics a term logs (e.g. <c>nll_loss</c>), merged into the result.</summary>
    public SortedDictionary<string, double> Metrics { get; } = new(StringComparer.Ordinal);

    internal PairContext(PreferenceBatch batch, PreferenceGradient raw, double beta,
        double[] policyChosen, double[] policyRejected, double[] referenceChosen, double[] referenceRejected, FDivergence f)
    {
        Count = batch.Count;
        Beta = beta;
        Batch = batch;
        Raw = raw;
        PolicyChosen = policyChosen;
        PolicyRejected = policyRejected;
        ReferenceChosen = referenceChosen;
        ReferenceRejected = referenceRejected;
        RatioChosen = new double[Count];
        RatioRejected = new double[Count];
        ScoreChosen = new double[Count];
        ScoreRejected = new double[Count];
        for (int i = 0; i < Count; i++)
        {
            RatioChosen[i] = policyChosen[i] - referenceChosen[i];
            RatioRejected[i] = policyRejected[i] - referenceRejected[i];
            ScoreChosen[i] = f.Score(RatioChosen[i]);
            ScoreRejected[i] = f.Score(RatioRejected[i]);
        }
        GradPolicyChosen = new double[Count];
        GradPolicyRejected = new double[Count];
        GradReferenceChosen = new double[Count];
        GradReferenceRejected = new double[Count];
        GradScoreChosen = new double[Count];
        GradScoreRejected = new double[Count];
    }

    /// <summary>δ_i = s_w − s_l (the DPO margin Δ for reverse KL).</summary>
    public double Delta(int i) => ScoreChosen[i] - ScoreRejected[i];

    /// <summary>Accumulates g·∂δ_i: +g to s_w, −g to s_l.</summary>
    public void AddDelta(int i, double g)
    {
        GradScoreChosen[i] += g;
        GradScoreRejected[i] -= g;
    }

    /// <summary>Accumulates gradients with respect to the raw log-ratios r_w, r_l (not f-scored).</summary>
    public void AddRatio(int i, double gChosen, double gRejected)
    {
        GradPolicyChosen[i] += gChosen;
        GradReferenceChosen[i] -= gChosen;
        GradPolicyRejected[i] += gRejected;
        GradReferenceRejected[i] -= gRejected;
    }
}
