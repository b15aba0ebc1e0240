using SharpAlign.Data;
using SharpAlign.Models;
using SharpAlign.Objectives;
using SharpAlign.Training.Reference;

namespace SharpAlign.Training.Steps;

/// <summary>
/// A paired objective (DPO and its family, CPO/SimPO, ORPO, …) on micro-batches of preference
/// pairs. Per pair it collects ℓ_θ and ℓ_ref of chosen and rejected (and, for the NLL term, of a best
/// response when the data has one, or of prompt + chosen when the batch scores prompts, as ORPO needs), token counts, entropies when the objective reads them, and the
/// data's scores and weights; back-propagates ∂L/∂ℓ into every completion token's log-prob.
/// </summary>
public sealed class PairedLoss(CausalLM policy, IReferenceModel? reference, IPairedObjective objective, bool needsEntropy, bool lengthDesensitized)
    : IMicroBatchLoss
{
    /// <inheritdoc />
    public double Size(MicroBatch batch) => batch.ExampleCount;

    /// <inheritdoc />
    public MicroBatchOutcome Run(MicroBatch mb, double weight, bool backward)
    {
        var b = mb.Batch;
        int pairs = b.ExampleCount;
        double[]? refSums = reference?.SequenceLogps(mb);
        float[]? refEntries = lengthDesensitized ? RequireLiveReference().EntryLogps(mb) : null;
        var fr = policy.Forward(b, training: backward, adaptersEnabled: true, entropy: needsEntropy);
        var sums = SequenceStats.Sums(b, fr.LogProbs);
        var ent = fr.Entropy is null ? null : SequenceStats.Sums(b, fr.Entropy);

        int[] chosen = Fill(pairs), rejected = Fill(pairs), best = Fill(pairs), prompt = Fill(pairs);
        for (int s = 0; s < b.Sequences.Length; s++)
        {
            var q = b.Sequences[s];
            var slot = q.Role switch { SequenceRole.Chosen => chosen, SequenceRole.Rejected => rejected, SequenceRole.BestResponse => best, SequenceRole.Prompt => prompt, _ => null }
                ?? throw new InvalidOperationException($"a preference micro-batch holds a {q.Role} sequence (example {b.Examples[q.Example].Id}); use the KTO or SFT trainer for single completions");
            slot[q.Example] = s;
        }
        double[] Pick(double[] src, int[] seq) => seq.Select(s => src[s]).ToArray();
        int[] Tokens(int[] seq) => seq.Select(s => b.Sequences[s].TokenCount).ToArray();
        bool hasBest = best.All(s => s >= 0);
        bool hasPrompt = prompt.All(s => s >= 0);
        bool hasScores = b.Examples.All(e => e.ScoreChosen is not null && e.ScoreRejected is not null);
        int[]? shared = null;
        if (lengthDesensitized)
        {
            shared = new int[b.Sequences.Length];
            for (int i = 0; i < pairs; i++)
                shared[chosen[i]] = shared[rejected[i]] = Math.Min(b.Sequences[chosen[i]].TokenCount, b.Sequences[rejected[i]].TokenCount);
        }
        var polShared = shared is null ? null : SequenceStats.PrefixSums(b, fr.LogProbs, shared);
        var refShared = shared is null ? null : SequenceStats.PrefixSums(b, refEntries!, shared);
        var pb = new PreferenceBatch
        {
            PolicyChosen = Pick(sums, chosen),
            PolicyRejected = Pick(sums, rejected),
            ChosenTokens = Tokens(chosen),
            RejectedTokens = Tokens(rejected),
            ReferenceChosen = refSums is null ? null : Pick(refSums, chosen),
            ReferenceRejected = refSums is null ? null : Pick(refSums, rejected),
            PolicyChosenShared = polShared is null ? null : Pick(polShared, chosen),
            PolicyRejectedShared = polShared is null ? null : Pick(polShared, rejected),
            ReferenceChosenShared = refShared is null ? null : Pick(refShared, chosen),
            ReferenceRejectedShared = refShared is null ? null : Pick(refShared, rejected),
            ChosenEntropy = ent is null ? null : Pick(ent, chosen),
            RejectedEntropy = ent is null ? null : Pick(ent, rejected),
            ScoreChosen = hasScores ? b.Examples.Select(e => e.ScoreChosen!.Value).ToArray() : null,
            ScoreRejected = hasScores ? b.Examples.Select(e => e.ScoreRejected!.Value).ToArray() : null,
            Weights = b.Examples.Select(e => e.Weight).ToArray(),
            NllLogp = hasBest ? Pick(sums, best) : hasPrompt ? Enumerable.Range(0, pairs).Select(i => sums[prompt[i]] + sums[chosen[i]]).ToArray() : null,
            NllTokens = hasBest ? Tokens(best) : hasPrompt ? Enumerable.Range(0, pairs).Select(i => b.Sequences[prompt[i]].TokenCount + b.Sequences[chosen[i]].TokenCount).ToArray() : null,
        };
        if (!SequenceStats.AllFinite(sums, refSums, ent, polShared, refShared))
            return new MicroBatchOutcome(double.NaN, new Dictionary<string, double>(), false);
        var result = objective.Compute(pb);
        if (!double.IsFinite(result.Loss)) return new MicroBatchOutcome(result.Loss, result.Metrics, false);
        if (backward)
        {
            var g = result.Gradient;
            var dSeq = new double[b.Sequences.Length];
            for (int i = 0; i < pairs; i++)
            {
                dSeq[chosen[i]] += weight * g.PolicyChosen[i];
                dSeq[rejected[i]] += weight * g.PolicyRejected[i];
                if (g.NllLogp is { } nll && hasBest) dSeq[best[i]] += weight * nll[i];
                else if (g.NllLogp is { } pnll && hasPrompt) { dSeq[prompt[i]] += weight * pnll[i]; dSeq[chosen[i]] += weight * pnll[i]; }
            }
            var dLogp = new float[b.ScoredCount];
            SequenceStats.Spread(b, dSeq, dLogp);
            if (shared is not null && g.PolicyChosenShared is { } gc && g.PolicyRejectedShared is { } gr)
            {
                var dShared = new double[b.Sequences.Length];
                for (int i = 0; i < pairs; i++) { dShared[chosen[i]] = weight * gc[i]; dShared[rejected[i]] = weight * gr[i]; }
                SequenceStats.Spread(b, dShared, dLogp, shared);
            }
            float[]? dEnt = null;
            if (ent is not null && g.ChosenEntropy is { } ec && g.RejectedEntropy is { } er)
            {
                var dEntSeq = new double[b.Sequences.Length];
                for (int i = 0; i < pairs; i++) { dEntSeq[chosen[i]] = weight * ec[i]; dEntSeq[rejected[i]] = weight * er[i]; }
                dEnt = new float[b.ScoredCount];
                SequenceStats.Spread(b, dEntSeq, dEnt);
            }
            policy.Backward(dLogp, dEnt);
        }
        return new MicroBatchOutcome(result.Loss, result.Metrics, true);
    }

    private ModelReference RequireLiveReference() => reference as ModelReference
        ?? throw new InputException("ld_alpha (LD-DPO) needs per-token reference log-probs: use a reference model without precompute_ref_log_probs");

    private static int[] Fill(int n) => Enumerable.Repeat(-1, n).ToArray();
}
