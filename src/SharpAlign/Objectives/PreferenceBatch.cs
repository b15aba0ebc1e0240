namespace SharpAlign.Objectives;

/// <summary>
/// Per-sequence statistics of a micro-batch of B preference pairs — everything a paired
/// objective reads (DESIGN.md idea 1). Arrays are indexed by pair; optional arrays are null when
/// the trainer did not compute them. All log-probabilities are sums over completion tokens
/// (natural log), in double precision.
/// </summary>
public sealed class PreferenceBatch
{
    /// <summary>Policy ℓ_θ(y_w): summed log-prob of each chosen completion.</summary>
    public required double[] PolicyChosen { get; init; }

    /// <summary>Policy ℓ_θ(y_l): summed log-prob of each rejected completion.</summary>
    public required double[] PolicyRejected { get; init; }

    /// <summary>n_w: completion-token count of each chosen completion.</summary>
    public required int[] ChosenTokens { get; init; }

    /// <summary>n_l: completion-token count of each rejected completion.</summary>
    public required int[] RejectedTokens { get; init; }

    /// <summary>Reference ℓ_ref(y_w); null for reference-free objectives.</summary>
    public double[]? ReferenceChosen { get; init; }

    /// <summary>Reference ℓ_ref(y_l); null for reference-free objectives.</summary>
    public double[]? ReferenceRejected { get; init; }

    /// <summary>
    /// LD-DPO only: policy log-prob summed over the first min(n_w, n_l) tokens of the chosen
    /// completion (the "shared" part; the rest is the tail). See <see cref="Dpo.DpoObjective"/>.
    /// </summary>
    public double[]? PolicyChosenShared { get; init; }

    /// <summary>LD-DPO only: policy log-prob of the first min(n_w, n_l) rejected tokens.</summary>
    public double[]? PolicyRejectedShared { get; init; }

    /// <summary>LD-DPO only: reference log-prob of the first min(n_w, n_l) chosen tokens.</summary>
    public double[]? ReferenceChosenShared { get; init; }

    /// <summary>LD-DPO only: reference log-prob of the first min(n_w, n_l) rejected tokens.</summary>
    public double[]? ReferenceRejectedShared { get; init; }

    /// <summary>Σ_t H(p_t) over the chosen completion positions (policy token entropy; Mallows-DPO).</summary>
    public double[]? ChosenEntropy { get; init; }

    /// <summary>Σ_t H(p_t) over the rejected completion positions.</summary>
    public double[]? RejectedEntropy { get; init; }

    /// <summary>External score of the chosen completion (soft-label: p = σ(s_w − s_l)).</summary>
    public double[]? ScoreChosen { get; init; }

    /// <summary>External score of the rejected completion.</summary>
    public double[]? ScoreRejected { get; init; }

    /// <summary>External probability that chosen is preferred, in [0, 1] (soft-label; wins over scores).</summary>
    public double[]? PreferenceProbability { get; init; }

    /// <summary>
    /// Per-pair weight, treated as a constant (e.g. the WPO pair weight w(y_w)·w(y_l) computed
    /// without gradient by the trainer). Read only by objectives configured to use it.
    /// </summary>
    public double[]? Weights { get; init; }

    /// <summary>
    /// Summed policy log-prob of the sequence an NLL/SFT term trains on (a "best response", or
    /// prompt + chosen for ORPO). Null: the chosen completion (<see cref="PolicyChosen"/>) is used.
    /// </summary>
    public double[]? NllLogp { get; init; }

    /// <summary>Token count of the <see cref="NllLogp"/> sequence.</summary>
    public int[]? NllTokens { get; init; }

    /// <summary>Further named per-pair columns (dataset scores and the like) read by constraint terms.</summary>
    public IReadOnlyDictionary<string, double[]>? Columns { get; init; }

    /// <summary>Number of pairs B.</summary>
    public int Count => PolicyChosen.Length;

    /// <summary>
    /// Checks shapes and values: B ≥ 1, every present array of length B, every value finite,
    /// token counts ≥ 0. Throws <see cref="InputException"/> naming the field and pair.
    /// </summary>
    public void Validate()
    {
        int b = PolicyChosen.Length;
        if (b == 0) throw new InputException("preference batch: no pairs (B = 0); an objective needs at least one pair");
        CheckFinite(nameof(PolicyChosen), PolicyChosen, b);
        CheckFinite(nameof(PolicyRejected), PolicyRejected, b);
        CheckCounts(nameof(ChosenTokens), ChosenTokens, b);
        CheckCounts(nameof(RejectedTokens), RejectedTokens, b);
        CheckFinite(nameof(ReferenceChosen), ReferenceChosen, b);
        CheckFinite(nameof(ReferenceRejected), ReferenceRejected, b);
        if ((ReferenceChosen is null) != (ReferenceRejected is null))
            throw new InputException("preference batch: ReferenceChosen and ReferenceRejected must be given together");
        CheckFinite(nameof(PolicyChosenShared), PolicyChosenShared, b);
        CheckFinite(nameof(PolicyRejectedShared), PolicyRejectedShared, b);
        CheckFinite(nameof(ReferenceChosenShared), ReferenceChosenShared, b);
        CheckFinite(nameof(ReferenceRejectedShared), ReferenceRejectedShared, b);
        CheckFinite(nameof(ChosenEntropy), ChosenEntropy, b);
        CheckFinite(nameof(RejectedEntropy), RejectedEntropy, b);
        CheckFinite(nameof(ScoreChosen), ScoreChosen, b);
        CheckFinite(nameof(ScoreRejected), ScoreRejected, b);
        CheckFinite(nameof(PreferenceProbability), PreferenceProbability, b);
        if (PreferenceProbability is { } p)
            for (int i = 0; i < b; i++)
                if (p[i] < 0 || p[i] > 1)
                    throw new InputException($"preference batch: PreferenceProbability[{i}] = {p[i]} is outside [0, 1]");
        CheckFinite(nameof(Weights), Weights, b);
        if (Weights is { } w)
            for (int i = 0; i < b; i++)
                if (w[i] < 0) throw new InputException($"preference batch: Weights[{i}] = {w[i]} is negative");
        CheckFinite(nameof(NllLogp), NllLogp, b);
        if (NllLogp is not null && NllTokens is null)
            throw new InputException("preference batch: NllLogp is given without NllTokens");
        if (NllTokens is not null) CheckCounts(nameof(NllTokens), NllTokens, b);
        if (Columns is not null)
            foreach (var (name, col) in Columns) CheckFinite($"Columns[\"{name}\"]", col, b);
    }

    /// <summary>Throws when the reference statistics are missing.</summary>
    internal void RequireReference(string objective)
    {
        if (ReferenceChosen is null || ReferenceRejected is null)
            throw new InputException($"objective '{objective}' needs reference log-probs (ReferenceChosen/ReferenceRejected) but the batch has none");
    }

    /// <summary>Throws when any token count in <paramref name="counts"/> is zero (a mean over zero tokens is undefined).</summary>
    internal static void RequireNonEmpty(string objective, string field, int[] counts)
    {
        for (int i = 0; i < counts.Length; i++)
            if (counts[i] == 0)
                throw new InputException($"objective '{objective}': {field}[{i}] = 0 tokens, but it divides by the token count (empty completion — drop or fix this example)");
    }

    internal static void CheckFinite(string field, double[]? values, int b)
    {
        if (values is null) return;
        if (values.Length != b)
            throw new InputException($"preference batch: {field} has {values.Length} entries, expected B = {b}");
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new InputException($"preference batch: {field}[{i}] = {values[i]} is not a finite number");
    }

    internal static void CheckCounts(string field, int[] values, int b)
    {
        if (values.Length != b)
            throw new InputException($"preference batch: {field} has {values.Length} entries, expected B = {b}");
        for (int i = 0; i < values.Length; i++)
            if (values[i] < 0) throw new InputException($"preference batch: {field}[{i}] = {values[i]} is negative");
    }
}
