using SharpAlign.Data;
using SharpAlign.Models;
using SharpAlign.Objectives;
using SharpAlign.Training.Reference;

namespace SharpAlign.Training.Steps;

/// <summary>
/// An unpaired objective (KTO, apo_zero_unpaired, …) on micro-batches of single completions with a
/// desirable/undesirable label. For KTO's reference point it also scores, without gradient, the
/// mismatched pairs (prompt_i, completion_{i−1}) — TRL's rotation within the micro-batch — under the
/// policy and the reference.
/// </summary>
public sealed class UnpairedLoss(CausalLM policy, IReferenceModel? reference, IReferenceModel? klReference, IUnpairedObjective objective)
    : IMicroBatchLoss
{
    /// <inheritdoc />
    public double Size(MicroBatch batch) => batch.ExampleCount;

    /// <inheritdoc />
    public MicroBatchOutcome Run(MicroBatch mb, double weight, bool backward)
    {
        var b = mb.Batch;
        int n = b.ExampleCount;
        var seqOf = new int[n];
        for (int s = 0; s < b.Sequences.Length; s++) seqOf[b.Sequences[s].Example] = s;
        var desirable = new bool[n];
        for (int i = 0; i < n; i++)
            desirable[i] = b.Examples[i].Label ?? throw new InputException($"example {b.Examples[i].Id} has no desirable/undesirable label; the KTO trainer needs unpaired rows (prompt, completion, label)");

        double[]? refSums = reference?.SequenceLogps(mb);
        double[]? klPolicy = null, klRef = null;
        if (klReference is not null && n > 1)
        {
            var kl = MismatchedBatch(b, seqOf);
            klPolicy = SequenceStats.Sums(kl.Batch, policy.Forward(kl.Batch, training: false).LogProbs);
            klRef = klReference.SequenceLogps(kl);
        }
        var fr = policy.Forward(b, training: backward);
        var sums = SequenceStats.Sums(b, fr.LogProbs);
        if (!SequenceStats.AllFinite(sums, refSums, klPolicy, klRef))
            return new MicroBatchOutcome(double.NaN, new Dictionary<string, double>(), false);
        var ub = new UnpairedBatch
        {
            PolicyLogp = seqOf.Select(s => sums[s]).ToArray(),
            Tokens = seqOf.Select(s => b.Sequences[s].TokenCount).ToArray(),
            Desirable = desirable,
            ReferenceLogp = refSums is null ? null : seqOf.Select(s => refSums[s]).ToArray(),
            KlPolicyLogp = klPolicy,
            KlReferenceLogp = klRef,
        };
        var result = objective.Compute(ub);
        if (!double.IsFinite(result.Loss)) return new MicroBatchOutcome(result.Loss, result.Metrics, false);
        if (backward)
        {
            var dSeq = new double[b.Sequences.Length];
            for (int i = 0; i < n; i++) dSeq[seqOf[i]] = weight * result.Gradient.PolicyLogp[i];
            var dLogp = new float[b.ScoredCount];
            SequenceStats.Spread(b, dSeq, dLogp);
            policy.Backward(dLogp);
        }
        return new MicroBatchOutcome(result.Loss, result.Metrics, true);
    }

    /// <summary>(prompt_i, completion_{i−1 mod n}) for every example i, as TRL builds KTO's KL batch.</summary>
    private static MicroBatch MismatchedBatch(PackedBatch b, int[] seqOf)
    {
        int n = seqOf.Length;
        var builder = new PackedBatchBuilder();
        long tokens = 0;
        for (int i = 0; i < n; i++)
        {
            var own = b.Segments[b.Sequences[seqOf[i]].Segment];
            var other = b.Segments[b.Sequences[seqOf[(i + n - 1) % n]].Segment];
            int promptLen = own.Length - b.Sequences[seqOf[i]].TokenCount;
            int otherCompletion = b.Sequences[seqOf[(i + n - 1) % n]].TokenCount;
            var prompt = b.Tokens.AsSpan(own.Start, promptLen);
            var completion = b.Tokens.AsSpan(other.Start + other.Length - otherCompletion, otherCompletion);
            builder.AddCompletion(prompt, completion);
            tokens += prompt.Length + completion.Length;
        }
        return new MicroBatch(builder.Build(), tokens);
    }
}
