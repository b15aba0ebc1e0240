using System.Text.Json;
using SharpAlign.Models;
using SharpAlign.Tokenization;

namespace SharpAlign.Demo;

/// <summary>A preference pair built from two sampled completions of one prompt.</summary>
/// <param name="Chosen">The completion with the highest reward.</param>
/// <param name="Rejected">The completion with the lowest reward.</param>
public sealed record PreferencePair(SampledCompletion Chosen, SampledCompletion Rejected);

/// <summary>
/// Builds preference pairs as in the DPO paper's controlled-sentiment experiment: sample several
/// completions per prompt from the SFT model, score them with the ground-truth reward, keep the
/// best as chosen and the worst as rejected; prompts whose samples all score the same give no pair.
/// Pairs are written pre-tokenized (the exact sampled ids) so training sees what was sampled.
/// </summary>
public static class PreferencePairBuilder
{
    /// <summary>Samples and pairs; the count of prompts skipped for ties is <c>prompts − pairs</c>.</summary>
    public static IReadOnlyList<PreferencePair> Build(CausalLM sft, ITokenizer tokenizer, IReadOnlyList<string> prompts, int samplesPerPrompt, int maxNewTokens, int seed)
    {
        var samples = CompletionSampler.Sample(sft, tokenizer, prompts, samplesPerPrompt, maxNewTokens, seed);
        var pairs = new List<PreferencePair>();
        for (int p = 0; p < prompts.Count; p++)
        {
            var group = samples.Skip(p * samplesPerPrompt).Take(samplesPerPrompt).ToList();
            var best = group.MaxBy(s => s.Reward)!;
            var worst = group.MinBy(s => s.Reward)!;
            if (best.Reward > worst.Reward) pairs.Add(new PreferencePair(best, worst));
        }
        return pairs;
    }

    /// <summary>
    /// Writes the pairs as a pre-tokenized dataset (<c>prompt_input_ids</c>, <c>chosen_input_ids</c>,
    /// <c>rejected_input_ids</c>) and a readable copy beside it (<c>*.text.jsonl</c>: prompt, chosen, rejected, rewards).
    /// </summary>
    public static void Write(IReadOnlyList<PreferencePair> pairs, string path)
    {
        using (var ids = new StreamWriter(path))
            foreach (var p in pairs)
                ids.WriteLine(JsonSerializer.Serialize(new Dictionary<string, int[]>
                {
                    ["prompt_input_ids"] = p.Chosen.PromptIds,
                    ["chosen_input_ids"] = p.Chosen.Ids,
                    ["rejected_input_ids"] = p.Rejected.Ids,
                }));
        using var text = new StreamWriter(Path.ChangeExtension(path, ".text.jsonl"));
        foreach (var p in pairs)
            text.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["prompt"] = p.Chosen.Prompt,
                ["chosen"] = p.Chosen.Text,
                ["rejected"] = p.Rejected.Text,
                ["chosen_reward"] = p.Chosen.Reward,
                ["rejected_reward"] = p.Rejected.Reward,
            }));
    }
}
