using System.Text.Json;

namespace SharpAlign.Training.Benchmarks;

/// <summary>One preference pair as token ids (the peer benchmark's JSONL row).</summary>
/// <param name="Prompt">prompt_ids.</param>
/// <param name="Chosen">chosen_ids.</param>
/// <param name="Rejected">rejected_ids.</param>
public sealed record PairIds(int[] Prompt, int[] Chosen, int[] Rejected)
{
    /// <summary>Tokens as the peer counts them: prompt + completion of the chosen row and of the rejected row.</summary>
    public int RowTokens => 2 * Prompt.Length + Chosen.Length + Rejected.Length;
}

/// <summary>
/// The pairs the PyTorch peer (shared/peer/dpo_step_torch.py) uses: its synthetic generator
/// (SplitMix64, lengths with ±jitter, ids 3 + next() mod (V − 3)) and its JSONL format
/// (<c>prompt_ids</c>, <c>chosen_ids</c>, <c>rejected_ids</c>).
/// </summary>
public static class PeerPairs
{
    /// <summary>
    /// The peer's <c>synthetic_pairs()</c>: per pair the lengths L = max(1, ⌊base·(1 − j + 2j·u) + 0.5⌋) of
    /// prompt, chosen and rejected (u uniform from the stream, drawn in that order), then their token ids.
    /// </summary>
    public static IReadOnlyList<PairIds> Synthetic(int pairs, int promptLen, int completionLen, int vocab, long seed, double jitter = 0.25)
    {
        if (pairs < 1) throw new InputException($"--pairs {pairs}: expected at least 1");
        if (promptLen < 1 || completionLen < 1) throw new InputException($"--prompt-len {promptLen} / --completion-len {completionLen}: expected positive lengths");
        if (vocab <= 3) throw new InputException($"vocabulary of {vocab} is too small for synthetic ids (need more than 3)");
        ulong state = unchecked((ulong)seed);
        ulong Next()
        {
            state = unchecked(state + 0x9E3779B97F4A7C15UL);
            ulong z = state;
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            return z ^ (z >> 31);
        }
        double Uniform() => (Next() >> 11) * (1.0 / (1UL << 53));
        var list = new List<PairIds>(pairs);
        for (int i = 0; i < pairs; i++)
        {
            var lens = new[] { promptLen, completionLen, completionLen }
                .Select(b => Math.Max(1, (int)Math.Floor(b * (1 - jitter + 2 * jitter * Uniform()) + 0.5))).ToArray();
            var toks = lens.Select(l => Enumerable.Range(0, l).Select(_ => (int)(3 + Next() % (ulong)(vocab - 3))).ToArray()).ToArray();
            list.Add(new PairIds(toks[0], toks[1], toks[2]));
        }
        return list;
    }

    /// <summary>Reads the peer's JSONL pairs; every non-blank line needs the three id arrays, each non-empty.</summary>
    public static IReadOnlyList<PairIds> ReadJsonl(string path)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: file not found");
        var list = new List<PairIds>();
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                int[] Ids(string field)
                {
                    if (!doc.RootElement.TryGetProperty(field, out var a) || a.ValueKind != JsonValueKind.Array)
                        throw new InputException($"{path}:{lineNo}: field \"{field}\" is missing or not an array of token ids");
                    var ids = a.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) && v >= 0 ? v
                        : throw new InputException($"{path}:{lineNo}: field \"{field}\" holds {e}, expected non-negative integer token ids")).ToArray();
                    if (ids.Length == 0) throw new InputException($"{path}:{lineNo}: field \"{field}\" is empty");
                    return ids;
                }
                if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InputException($"{path}:{lineNo}: expected a JSON object");
                list.Add(new PairIds(Ids("prompt_ids"), Ids("chosen_ids"), Ids("rejected_ids")));
            }
            catch (JsonException e)
            {
                throw new InputException($"{path}:{lineNo}: not valid JSON ({e.Message})");
            }
        }
        if (list.Count == 0) throw new InputException($"{path}: no pairs");
        return list;
    }
}
