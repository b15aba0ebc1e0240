namespace SharpAlign.Models.Generation;

/// <summary>Batched generation with a KV cache: all prompts are prefilled together, then every unfinished sequence advances one token per step.</summary>
public static class Generator
{
    /// <summary>
    /// Continues each prompt until it emits an EOS id or reaches <see cref="SamplingOptions.MaxNewTokens"/>;
    /// returns the new tokens of each prompt (EOS included when emitted). Reproducible for a given seed.
    /// </summary>
    public static int[][] Generate(CausalLM model, IReadOnlyList<int[]> prompts, SamplingOptions options, bool adaptersEnabled = true)
    {
        options.Validate();
        if (prompts.Count == 0) return [];
        for (int i = 0; i < prompts.Count; i++)
            if (prompts[i].Length == 0) throw new InputException($"prompt {i} is empty: generation needs at least one token");
        var outputs = prompts.Select(_ => new List<int>()).ToArray();
        if (options.MaxNewTokens == 0) return outputs.Select(o => o.ToArray()).ToArray();
        int capacity = prompts.Max(p => p.Length) + options.MaxNewTokens;
        var session = new DecodingSession(model, prompts.Count, capacity, adaptersEnabled);
        var rng = new Random(options.Seed);
        int v = model.VocabSize;
        var eos = options.EosTokenIds.ToHashSet();
        var active = Enumerable.Range(0, prompts.Count).ToList();
        var logits = session.Append(active, prompts.ToArray());
        while (true)
        {
            var next = new int[active.Count];
            for (int i = 0; i < active.Count; i++)
            {
                next[i] = Sampler.Pick(logits.AsSpan(i * v, v), options, rng);
                outputs[active[i]].Add(next[i]);
            }
            var still = new List<int>();
            var feed = new List<int[]>();
            for (int i = 0; i < active.Count; i++)
                if (!eos.Contains(next[i]) && outputs[active[i]].Count < options.MaxNewTokens)
                {
                    still.Add(active[i]);
                    feed.Add([next[i]]);
                }
            if (still.Count == 0) break;
            active = still;
            logits = session.Append(active, feed);
        }
        return outputs.Select(o => o.ToArray()).ToArray();
    }
}
