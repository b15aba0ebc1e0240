using SharpAlign.Data;
using SharpAlign.Data.Tokenizing;
using SharpAlign.Models;

namespace SharpAlign.Evaluation.Generation;

/// <summary>Log-probabilities and implicit rewards of one preference pair.</summary>
public sealed record PairReward(int Index, double PolicyChosen, double PolicyRejected, double ReferenceChosen, double ReferenceRejected,
    double RewardChosen, double RewardRejected)
{
    /// <summary>reward_chosen − reward_rejected.</summary>
    public double Margin => RewardChosen - RewardRejected;

    /// <summary>Whether the chosen completion gets the higher implicit reward.</summary>
    public bool Correct => RewardChosen > RewardRejected;
}

/// <summary>Accuracy and margin of the implicit reward over a set of pairs (TRL's rewards/accuracies and rewards/margins).</summary>
public sealed record ImplicitRewardSummary(int Pairs, double Beta, double Accuracy, double MeanMargin, double MeanRewardChosen, double MeanRewardRejected);

/// <summary>
/// DPO's implicit reward on held-out preference pairs: r(x, y) = β·(log π(y|x) − log π_ref(y|x)),
/// with sums of completion-token log-probabilities. Accuracy = share of pairs with
/// r(chosen) &gt; r(rejected) (ties count as wrong, as TRL's <c>rewards/accuracies</c>); margin =
/// mean of r(chosen) − r(rejected). The reference is the same model with its LoRA adapters switched
/// off, or a separate reference model.
/// </summary>
public static class ImplicitRewardEvaluator
{
    /// <summary>Tokens per packed forward pass.</summary>
    public const int TokensPerBatch = 4096;

    /// <summary>Scores every pair; <paramref name="reference"/> null means <paramref name="policy"/> with adapters disabled.</summary>
    public static (IReadOnlyList<PairReward> Pairs, ImplicitRewardSummary Summary) Run(CausalLM policy, CausalLM? reference,
        IReadOnlyList<TokenizedExample> pairs, double beta, IProgress<int>? progress = null)
    {
        if (pairs.Count == 0) throw new InputException("no preference pairs to evaluate");
        foreach (var (p, i) in pairs.Select((p, i) => (p, i)))
        {
            if (p.Rejected is null) throw new InputException($"pair {i} ({p.Origin}): not a chosen/rejected pair");
            foreach (int id in p.Prompt.Concat(p.Chosen).Concat(p.Rejected))
                if ((uint)id >= (uint)policy.VocabSize || (reference is not null && (uint)id >= (uint)reference.VocabSize))
                    throw new InputException($"pair {i} ({p.Origin}): token id {id} is outside the model's vocabulary");
        }
        var policySums = Sums(policy, true, pairs, progress);
        var referenceSums = reference is null ? Sums(policy, false, pairs, null) : Sums(reference, true, pairs, null);
        var rewards = new List<PairReward>(pairs.Count);
        for (int i = 0; i < pairs.Count; i++)
        {
            var (pc, pr) = policySums[i];
            var (rc, rr) = referenceSums[i];
            rewards.Add(new PairReward(i, pc, pr, rc, rr, beta * (pc - rc), beta * (pr - rr)));
        }
        var summary = new ImplicitRewardSummary(rewards.Count, beta, rewards.Count(r => r.Correct) / (double)rewards.Count,
            rewards.Average(r => r.Margin), rewards.Average(r => r.RewardChosen), rewards.Average(r => r.RewardRejected));
        return (rewards, summary);
    }

    private static (double Chosen, double Rejected)[] Sums(CausalLM model, bool adapters, IReadOnlyList<TokenizedExample> pairs, IProgress<int>? progress)
    {
        var result = new (double, double)[pairs.Count];
        int next = 0;
        while (next < pairs.Count)
        {
            int first = next;
            var builder = new PackedBatchBuilder();
            do
            {
                var p = pairs[next++];
                builder.AddPair(p.Prompt, p.Chosen, p.Rejected!);
            } while (next < pairs.Count && builder.TokenCount + pairs[next].SharedTokenCount <= TokensPerBatch);
            var batch = builder.Build();
            var sums = CausalLM.SequenceSums(batch, model.Forward(batch, training: false, adaptersEnabled: adapters).LogProbs);
            // AddPair appends the chosen then the rejected sequence of each pair, in order.
            for (int k = 0; k < next - first; k++) result[first + k] = (sums[2 * k], sums[2 * k + 1]);
            progress?.Report(next);
        }
        return result;
    }
}
