using SharpAlign.Data;
using SharpAlign.Models;
using SharpAlign.Tokenization;

namespace SharpAlign.Demo;

/// <summary>How a policy does on held-out prompts.</summary>
/// <param name="Reward">Mean ground-truth reward of the sampled completions.</param>
/// <param name="RewardStdError">Standard error of that mean (sample standard deviation / √n).</param>
/// <param name="Fluency">Share of completions that end (EOS) and parse in the grammar.</param>
/// <param name="Kl">KL(policy ‖ SFT) estimated from the policy's own samples (nats per completion).</param>
/// <param name="KlStdError">Standard error of the KL estimate.</param>
/// <param name="MeanTokens">Mean completion length in tokens (EOS included).</param>
/// <param name="Samples">The sampled completions, grouped by prompt.</param>
public sealed record PolicyEvaluation(double Reward, double RewardStdError, double Fluency, double Kl, double KlStdError, double MeanTokens,
    IReadOnlyList<SampledCompletion> Samples);

/// <summary>
/// Evaluates a policy on held-out prompts: samples completions, scores mean reward and fluency, and
/// estimates KL(π ‖ π_sft) = E_{y∼π}[log π(y|x) − log π_sft(y|x)] as the mean over the policy's own
/// samples, with both log-probabilities summed over the completion tokens by <see cref="CausalLM.Forward"/>
/// on a packed batch. For the SFT model itself the estimate is exactly 0.
/// </summary>
public static class PolicyEvaluator
{
    private const int LogProbBatch = 64;

    /// <summary>Evaluates <paramref name="policy"/> against <paramref name="sft"/> (the same object for the SFT model).</summary>
    public static PolicyEvaluation Evaluate(CausalLM policy, CausalLM sft, ITokenizer tokenizer, IReadOnlyList<string> prompts,
        int perPrompt, int maxNewTokens, int seed)
    {
        var samples = CompletionSampler.Sample(policy, tokenizer, prompts, perPrompt, maxNewTokens, seed);
        var kl = new double[samples.Count];
        if (!ReferenceEquals(policy, sft))
        {
            var lp = SequenceLogProbs(policy, samples);
            var lq = SequenceLogProbs(sft, samples);
            for (int i = 0; i < kl.Length; i++) kl[i] = lp[i] - lq[i];
        }
        var rewards = samples.Select(s => s.Reward).ToArray();
        return new PolicyEvaluation(rewards.Average(), StdError(rewards), samples.Count(s => s.Fluent) / (double)samples.Count,
            kl.Average(), StdError(kl), samples.Average(s => s.Ids.Length), samples);
    }

    /// <summary>log p(completion | prompt) under <paramref name="model"/>, summed over the completion tokens, per sample.</summary>
    public static double[] SequenceLogProbs(CausalLM model, IReadOnlyList<SampledCompletion> samples)
    {
        var result = new double[samples.Count];
        for (int start = 0; start < samples.Count; start += LogProbBatch)
        {
            int n = Math.Min(LogProbBatch, samples.Count - start);
            var builder = new PackedBatchBuilder();
            for (int i = 0; i < n; i++) builder.AddCompletion(samples[start + i].PromptIds, samples[start + i].Ids);
            var batch = builder.Build();
            var sums = CausalLM.SequenceSums(batch, model.Forward(batch, training: false).LogProbs);
            for (int i = 0; i < n; i++) result[start + i] = sums[i];
        }
        return result;
    }

    /// <summary>Sample standard deviation / √n (0 for fewer than two values).</summary>
    public static double StdError(IReadOnlyList<double> x)
    {
        if (x.Count < 2) return 0;
        double mean = x.Average();
        double var = x.Sum(v => (v - mean) * (v - mean)) / (x.Count - 1);
        return Math.Sqrt(var / x.Count);
    }
}
