namespace SharpAlign.Objectives;

/// <summary>
/// Per-sequence statistics of a micro-batch of N unpaired examples (prompt, completion, label) —
/// what KTO-style objectives read. Log-probs are sums over completion tokens, in double precision.
/// </summary>
public sealed class UnpairedBatch
{
    /// <summary>Policy ℓ_θ(y) of each completion.</summary>
    public required double[] PolicyLogp { get; init; }

    /// <summary>Completion-token count of each example.</summary>
    public required int[] Tokens { get; init; }

    /// <summary>True for desirable (chosen-like) examples, false for undesirable ones.</summary>
    public required bool[] Desirable { get; init; }

    /// <summary>Reference ℓ_ref(y); null for reference-free objectives.</summary>
    public double[]? ReferenceLogp { get; init; }

    /// <summary>
    /// KTO's KL reference point: policy log-probs of mismatched (prompt_i, completion_{i−1}) pairs,
    /// scored without gradient by the trainer (TRL rotates completions by one within the micro-batch).
    /// </summary>
    public double[]? KlPolicyLogp { get; init; }

    /// <summary>Reference log-probs of the same mismatched pairs.</summary>
    public double[]? KlReferenceLogp { get; init; }

    /// <summary>
    /// A KL estimate computed elsewhere (e.g. gathered over processes), used instead of the mean of
    /// <see cref="KlPolicyLogp"/> − <see cref="KlReferenceLogp"/>; KTO clamps it at 0 either way.
    /// </summary>
    public double? KlEstimate { get; init; }

    /// <summary>Number of examples N.</summary>
    public int Count => PolicyLogp.Length;

    /// <summary>Checks shapes and values; throws <see cref="InputException"/> naming the field and example.</summary>
    public void Validate()
    {
        int n = PolicyLogp.Length;
        if (n == 0) throw new InputException("unpaired batch: no examples (N = 0); an objective needs at least one example");
        PreferenceBatch.CheckFinite(nameof(PolicyLogp), PolicyLogp, n);
        PreferenceBatch.CheckCounts(nameof(Tokens), Tokens, n);
        if (Desirable.Length != n) throw new InputException($"unpaired batch: Desirable has {Desirable.Length} entries, expected N = {n}");
        PreferenceBatch.CheckFinite(nameof(ReferenceLogp), ReferenceLogp, n);
        if ((KlPolicyLogp is null) != (KlReferenceLogp is null))
            throw new InputException("unpaired batch: KlPolicyLogp and KlReferenceLogp must be given together");
        if (KlPolicyLogp is not null && KlPolicyLogp.Length == 0)
            throw new InputException("unpaired batch: KlPolicyLogp is empty");
        if (KlPolicyLogp is not null) PreferenceBatch.CheckFinite(nameof(KlPolicyLogp), KlPolicyLogp, KlPolicyLogp.Length);
        if (KlReferenceLogp is not null) PreferenceBatch.CheckFinite(nameof(KlReferenceLogp), KlReferenceLogp, KlPolicyLogp!.Length);
        if (KlEstimate is { } k && !double.IsFinite(k)) throw new InputException($"unpaired batch: KlEstimate = {k} is not a finite number");
    }
}
