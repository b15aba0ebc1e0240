namespace SharpAlign.Objectives;

/// <summary>
/// ∂loss/∂(each statistic of a <see cref="PreferenceBatch"/>), with the same layout: one array per
/// statistic the batch carries (null where the batch had none). The loss is the micro-batch loss
/// the objective returns, so a trainer back-propagates <c>PolicyChosen[i]</c> into every
/// completion token log-prob of pair i's chosen row (and <c>PolicyChosenShared[i]</c> into its
/// first min(n_w, n_l) tokens, <c>NllLogp[i]</c> into the NLL sequence's tokens, entropy entries
/// into the token entropies). Statistics an objective treats as constants (precomputed weights,
/// KL estimates) still get their mathematical partial here where it is defined; the trainer
/// simply does not back-propagate those.
/// </summary>
public sealed class PreferenceGradient
{
    /// <summary>∂L/∂ℓ_θ(y_w).</summary>
    public double[] PolicyChosen { get; }
    /// <summary>∂L/∂ℓ_θ(y_l).</summary>
    public double[] PolicyRejected { get; }
    /// <summary>∂L/∂ℓ_ref(y_w) (null without reference statistics).</summary>
    public double[]? ReferenceChosen { get; }
    /// <summary>∂L/∂ℓ_ref(y_l).</summary>
    public double[]? ReferenceRejected { get; }
    /// <summary>∂L/∂ (shared-prefix policy log-prob of y_w), LD-DPO.</summary>
    public double[]? PolicyChosenShared { get; }
    /// <summary>∂L/∂ (shared-prefix policy log-prob of y_l), LD-DPO.</summary>
    public double[]? PolicyRejectedShared { get; }
    /// <summary>∂L/∂ (shared-prefix reference log-prob of y_w), LD-DPO.</summary>
    public double[]? ReferenceChosenShared { get; }
    /// <summary>∂L/∂ (shared-prefix reference log-prob of y_l), LD-DPO.</summary>
    public double[]? ReferenceRejectedShared { get; }
    /// <summary>∂L/∂ (summed token entropy of y_w).</summary>
    public double[]? ChosenEntropy { get; }
    /// <summary>∂L/∂ (summed token entropy of y_l).</summary>
    public double[]? RejectedEntropy { get; }
    /// <summary>∂L/∂ (external score of y_w).</summary>
    public double[]? ScoreChosen { get; }
    /// <summary>∂L/∂ (external score of y_l).</summary>
    public double[]? ScoreRejected { get; }
    /// <summary>∂L/∂ (external preference probability).</summary>
    public double[]? PreferenceProbability { get; }
    /// <summary>∂L/∂ (per-pair weight).</summary>
    public double[]? Weights { get; }
    /// <summary>∂L/∂ (summed log-prob of the NLL sequence).</summary>
    public double[]? NllLogp { get; }
    /// <summary>∂L/∂ (each named column).</summary>
    public IReadOnlyDictionary<string, double[]> Columns { get; }

    /// <summary>Zeroed gradient arrays matching the statistics present in <paramref name="batch"/>.</summary>
    public PreferenceGradient(PreferenceBatch batch)
    {
        int b = batch.Count;
        PolicyChosen = new double[b];
        PolicyRejected = new double[b];
        ReferenceChosen = Like(batch.ReferenceChosen);
        ReferenceRejected = Like(batch.ReferenceRejected);
        PolicyChosenShared = Like(batch.PolicyChosenShared);
        PolicyRejectedShared = Like(batch.PolicyRejectedShared);
        ReferenceChosenShared = Like(batch.ReferenceChosenShared);
        ReferenceRejectedShared = Like(batch.ReferenceRejectedShared);
        ChosenEntropy = Like(batch.ChosenEntropy);
        RejectedEntropy = Like(batch.RejectedEntropy);
        ScoreChosen = Like(batch.ScoreChosen);
        ScoreRejected = Like(batch.ScoreRejected);
        PreferenceProbability = Like(batch.PreferenceProbability);
        Weights = Like(batch.Weights);
        NllLogp = Like(batch.NllLogp);
        Columns = batch.Columns?.ToDictionary(kv => kv.Key, kv => new double[kv.Value.Length]) ?? new Dictionary<string, double[]>();
    }

    /// <summary>Adds to ∂L/∂(NLL sequence log-prob) of pair i: into <see cref="NllLogp"/> when the batch has one, else into <see cref="PolicyChosen"/>.</summary>
    internal void AddNll(int i, double g)
    {
        if (NllLogp is not null) NllLogp[i] += g;
        else PolicyChosen[i] += g;
    }

    private static double[]? Like(double[]? a) => a is null ? null : new double[a.Length];
}
