using System.Diagnostics;
using SharpAlign.Data.Batching;
using SharpAlign.Data.Schema;
using SharpAlign.Data.Tokenizing;
using SharpAlign.Tokenization;

namespace SharpAlign.Data;

/// <summary>
/// Reads a whole dataset once (streaming), validating and — with a tokenizer, or for pre-tokenized
/// data — tokenizing every row, and gathers the counts and length statistics of a
/// <see cref="DatasetReport"/>. Only the lengths are kept, never the rows.
/// </summary>
public static class DatasetInspector
{
    /// <summary>The marker placed between prompt and completion in rendered examples.</summary>
    public const string Boundary = "⟦|⟧";

    /// <summary>Inspects the dataset; invalid rows stop it (InputException) unless skip-invalid is set.</summary>
    /// <param name="options">Where the data is and how to read it.</param>
    /// <param name="tokenizer">The tokenizer for length statistics, or null to skip tokenization.</param>
    /// <param name="renderer">The chat template for conversational rows, or null.</param>
    /// <param name="tokenization">Length limits and the tokenization rule.</param>
    /// <param name="exampleCount">How many examples to render in the report.</param>
    /// <param name="batching">When given, the examples are also planned into micro-batches (epoch 0) in both layouts.</param>
    public static DatasetReport Inspect(DatasetOptions options, ITokenizer? tokenizer, IChatRenderer? renderer, TokenizationOptions tokenization,
        int exampleCount = 3, BatchingOptions? batching = null)
    {
        var dataset = new PreferenceDataset(options);
        var lengths = new Dictionary<string, List<int>>();
        var examples = new List<RenderedExample>();
        var sharedCosts = new List<int>();
        var plainCosts = new List<int>();
        var clock = Stopwatch.StartNew();
        PreferenceTokenizer? pt = null;
        if (tokenizer is not null)
        {
            pt = new PreferenceTokenizer(tokenizer, renderer, tokenization);
            foreach (var e in dataset.Tokenized(pt))
            {
                Add(lengths, e);
                sharedCosts.Add(e.SharedTokenCount); plainCosts.Add(e.PlainTokenCount);
                if (examples.Count < exampleCount) examples.Add(Render(e, tokenizer));
            }
        }
        else
        {
            var idsOnly = new PreferenceTokenizer(null, null, tokenization);
            foreach (var e in dataset.Examples())
            {
                if (e.PromptIds is not null)
                {
                    var (t, _) = idsOnly.Tokenize(e);
                    if (t is not null) { Add(lengths, t); sharedCosts.Add(t.SharedTokenCount); plainCosts.Add(t.PlainTokenCount); }
                }
                if (examples.Count < exampleCount) examples.Add(Render(e));
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        return new DatasetReport
        {
            Stats = dataset.Stats,
            TokenLengths = lengths.ToDictionary(kv => kv.Key, kv => LengthSummary.Of(kv.Value)!),
            SharedTokens = sharedCosts.Sum(c => (long)c),
            PlainTokens = plainCosts.Sum(c => (long)c),
            MicroBatches = batching is null || sharedCosts.Count == 0 ? null : (
                new EpochPlanner(sharedCosts, batching with { PrefixSharing = true }).Plan(0).Length,
                new EpochPlanner(plainCosts, batching with { PrefixSharing = false }).Plan(0).Length),
            Tokenization = pt?.Stats,
            Examples = examples,
            Seconds = seconds,
        };
    }

    private static void Add(Dictionary<string, List<int>> lengths, TokenizedExample e)
    {
        void Put(string key, int n) { if (!lengths.TryGetValue(key, out var l)) lengths[key] = l = new(); l.Add(n); }
        Put("prompt", e.Prompt.Length);
        Put(e.IsPair ? "chosen" : "completion", e.Chosen.Length);
        if (e.Rejected is not null) Put("rejected", e.Rejected.Length);
        if (e.BestResponse is not null) Put("best_response", e.BestResponse.Length);
    }

    private static RenderedExample Render(TokenizedExample e, ITokenizer tok)
    {
        string prompt = tok.Decode(e.Prompt);
        var seqs = new Dictionary<string, string>();
        var counts = new Dictionary<string, int> { ["prompt"] = e.Prompt.Length };
        void Put(string key, int[]? ids)
        {
            if (ids is null) return;
            string full = tok.Decode([.. e.Prompt, .. ids]);
            seqs[key] = full.StartsWith(prompt, StringComparison.Ordinal) ? prompt + Boundary + full[prompt.Length..] : prompt + Boundary + tok.Decode(ids);
            counts[key] = ids.Length;
        }
        Put(e.IsPair ? "chosen" : "completion", e.Chosen);
        Put("rejected", e.Rejected);
        Put("best_response", e.BestResponse);
        return new RenderedExample(e.Origin.ToString(), seqs, counts);
    }

    private static RenderedExample Render(PreferenceExample e)
    {
        var seqs = new Dictionary<string, string>();
        if (e.PromptIds is not null)
        {
            string p = string.Join(' ', e.PromptIds);
            seqs["chosen"] = p + Boundary + string.Join(' ', e.ChosenIds!);
            seqs["rejected"] = p + Boundary + string.Join(' ', e.RejectedIds!);
            return new RenderedExample(e.Origin.ToString(), seqs, null);
        }
        string prompt = e.Prompt!.ToString();
        void Put(string key, RowText? c) { if (c is not null) seqs[key] = prompt + Boundary + c; }
        Put(e.IsPair ? "chosen" : "completion", e.IsPair ? e.Chosen : e.Completion);
        Put("rejected", e.Rejected);
        Put("best_response", e.BestResponse);
        return new RenderedExample(e.Origin.ToString(), seqs, null);
    }
}
