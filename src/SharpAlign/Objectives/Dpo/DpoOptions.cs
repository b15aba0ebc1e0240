namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// The pipeline settings of TRL's DPOTrainer shared by every DPO-family loss type (plain data).
/// Defaults follow current TRL; the TRL-legacy behaviours are named options.
/// </summary>
public sealed record DpoOptions
{
    /// <summary>β (TRL default 0.1; τ for IPO).</summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>f-DPO score map, one of <see cref="FDivergence.Types"/>.</summary>
    public string FDivergenceType { get; init; } = "reverse_kl";

    /// <summary>α of <c>alpha_divergence</c> (TRL <c>f_alpha_divergence_coef</c>, default 0.5).</summary>
    public double FAlphaDivergenceCoef { get; init; } = 0.5;

    /// <summary>
    /// LD-DPO α ∈ [0, 1] (TRL <c>ld_alpha</c>), or null for off. ℓ̂ = shared + α·tail
    /// = α·ℓ + (1−α)·shared, where "shared" is the log-prob of the first min(n_w, n_l) completion
    /// tokens — passed in <see cref="PreferenceBatch.PolicyChosenShared"/> and friends, since it cannot
    /// be recovered from the sums.
    /// </summary>
    public double? LdAlpha { get; init; }

    /// <summary>True (TRL-new): LD weighting on policy and reference; false: policy only (TRL-legacy intent).</summary>
    public bool LdOnReference { get; init; } = true;

    /// <summary>WPO (TRL <c>use_weighting</c>): multiply each per-pair loss by <see cref="PreferenceBatch.Weights"/>.</summary>
    public bool UseWeighting { get; init; }

    /// <summary>Clamp the WPO pair weight at 1 (WPO authors and TRL-legacy); TRL-new does not clamp.</summary>
    public bool WpoClamp { get; init; }

    /// <summary>TRL-legacy <c>reference_free</c>: reference log-ratios are 0 in the loss; logged rewards still use the reference when given.</summary>
    public bool ReferenceFree { get; init; }
}
