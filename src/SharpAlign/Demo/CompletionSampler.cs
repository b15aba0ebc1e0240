using SharpAlign.Models;
using SharpAlign.Models.Generation;
using SharpAlign.Tokenization;

namespace SharpAlign.Demo;

/// <summary>One sampled continuation of a prompt, scored by the demo's ground truth.</summary>
/// <param name="Prompt">The prompt text.</param>
/// <param name="Text">The completion text (special tokens removed).</param>
/// <param name="PromptIds">The prompt's token ids (BOS first).</param>
/// <param name="Ids">The sampled token ids, EOS included when the model emitted it.</param>
/// <param name="Reward">The <see cref="SentimentReward"/> of the completion.</param>
/// <param name="Fluent">True when the model ended the completion (EOS) and prompt + completion parse in the grammar.</param>
public sealed record SampledCompletion(string Prompt, string Text, int[] PromptIds, int[] Ids, double Reward, bool Fluent);

/// <summary>
/// Samples completions of review prompts from a model (temperature 1, no top-k/top-p, so the samples
/// follow the model's own distribution — what the KL estimate assumes) and scores each with the
/// ground-truth reward and the grammar. Reproducible for a given seed.
/// </summary>
public static class CompletionSampler
{
    private const int ChunkSize = 256;

    /// <summary>
    /// <paramref name="perPrompt"/> completions of each prompt, grouped by prompt
    /// (result[i * perPrompt + j] is sample j of prompt i).
    /// </summary>
    public static IReadOnlyList<SampledCompletion> Sample(CausalLM model, ITokenizer tokenizer, IReadOnlyList<string> prompts,
        int perPrompt, int maxNewTokens, int seed)
    {
        int eos = tokenizer.EosId ?? throw new InputException("the demo's tokenizer has no EOS token: completions could never end");
        var promptIds = prompts.Select(p => tokenizer.Encode(p, addSpecialTokens: true)).ToArray();
        var jobs = Enumerable.Range(0, prompts.Count * perPrompt).Select(i => i / perPrompt).ToArray();
        var result = new List<SampledCompletion>(jobs.Length);
        for (int start = 0, chunk = 0; start < jobs.Length; start += ChunkSize, chunk++)
        {
            var slice = jobs.Skip(start).Take(ChunkSize).ToArray();
            var options = new SamplingOptions { MaxNewTokens = maxNewTokens, Temperature = 1f, Seed = seed * 7919 + chunk, EosTokenIds = [eos] };
            var outputs = Generator.Generate(model, slice.Select(p => promptIds[p]).ToArray(), options);
            for (int i = 0; i < slice.Length; i++)
                result.Add(Score(prompts[slice[i]], promptIds[slice[i]], outputs[i], tokenizer, eos));
        }
        return result;
    }

    /// <summary>Decodes and scores one sampled completion.</summary>
    public static SampledCompletion Score(string prompt, int[] promptIds, int[] ids, ITokenizer tokenizer, int eos)
    {
        bool ended = ids.Length > 0 && ids[^1] == eos;
        string text = tokenizer.Decode(ended ? ids.AsSpan(0, ids.Length - 1) : ids, skipSpecialTokens: true).Trim();
        return new SampledCompletion(prompt, text, promptIds, ids, SentimentReward.Score(text), ended && ReviewLanguage.IsFluent(prompt, text));
    }
}
