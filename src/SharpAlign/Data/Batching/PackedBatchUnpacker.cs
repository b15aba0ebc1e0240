namespace SharpAlign.Data.Batching;

/// <summary>
/// One example recovered from a packed batch: its prompt and each scored sequence by role (for the
/// <see cref="SequenceRole.Prompt"/> role: the scored prompt tokens, all but the first).
/// </summary>
/// <param name="Example">Example index within the batch.</param>
/// <param name="Prompt">The context before the completion (identical for all of the example's sequences).</param>
/// <param name="Completions">Completion ids by role.</param>
public sealed record UnpackedExample(int Example, int[] Prompt, IReadOnlyDictionary<SequenceRole, int[]> Completions);

/// <summary>
/// Reads a <see cref="PackedBatch"/> back into examples, checking its structure on the way: every
/// scored target must be the token after its source in the sequence's context (ancestors then own
/// segment), positions must continue from the parent. A debugging and testing aid for the layout.
/// </summary>
public static class PackedBatchUnpacker
{
    /// <summary>The examples of <paramref name="batch"/>; throws <see cref="InvalidOperationException"/> on an inconsistent batch.</summary>
    public static UnpackedExample[] Unpack(PackedBatch batch)
    {
        CheckPositions(batch);
        var prompts = new int[]?[batch.ExampleCount];
        var completions = new Dictionary<SequenceRole, int[]>[batch.ExampleCount];
        int entry = 0;
        for (int s = 0; s < batch.Sequences.Length; s++)
        {
            var seq = batch.Sequences[s];
            var context = Context(batch, seq.Segment, out var rows);
            // scored tokens end the context, except a scored prompt, which starts at its second token
            int firstScored = seq.Role == SequenceRole.Prompt ? 1 : context.Length - seq.TokenCount;
            var completion = new int[seq.TokenCount];
            for (int j = 0; j < seq.TokenCount; j++, entry++)
            {
                if (batch.ScoreSequence[entry] != s) throw new InvalidOperationException($"score entry {entry} belongs to sequence {batch.ScoreSequence[entry]}, expected {s}");
                int at = firstScored + j;
                if (at == 0 || batch.ScoreSource[entry] != rows[at - 1] || batch.ScoreTarget[entry] != context[at])
                    throw new InvalidOperationException($"score entry {entry} does not predict token {at} of sequence {s} from the token before it");
                completion[j] = context[at];
            }
            (completions[seq.Example] ??= new())[seq.Role] = completion;
            if (seq.Role == SequenceRole.Prompt) continue;
            var prompt = context[..firstScored];
            if (prompts[seq.Example] is { } known && !known.AsSpan().SequenceEqual(prompt))
                throw new InvalidOperationException($"example {seq.Example} has sequences with different prompts");
            prompts[seq.Example] = prompt;
        }
        if (entry != batch.ScoredCount) throw new InvalidOperationException($"{batch.ScoredCount - entry} score entries belong to no sequence");
        return Enumerable.Range(0, batch.ExampleCount)
            .Select(e => new UnpackedExample(e, prompts[e] ?? throw new InvalidOperationException($"example {e} has no scored sequence"), completions[e]))
            .ToArray();
    }

    /// <summary>Tokens visible to the segment's last token: ancestors' tokens (root first) then its own; <paramref name="rows"/> gives their stream indices.</summary>
    private static int[] Context(PackedBatch batch, int segment, out int[] rows)
    {
        var chain = new List<int>();
        for (int s = segment; s >= 0; s = batch.Segments[s].Parent) chain.Add(s);
        chain.Reverse();
        rows = chain.SelectMany(s => Enumerable.Range(batch.Segments[s].Start, batch.Segments[s].Length)).ToArray();
        return rows.Select(r => batch.Tokens[r]).ToArray();
    }

    private static void CheckPositions(PackedBatch batch)
    {
        for (int s = 0; s < batch.Segments.Length; s++)
        {
            var seg = batch.Segments[s];
            int first = 0;
            for (int p = seg.Parent; p >= 0; p = batch.Segments[p].Parent) first += batch.Segments[p].Length;
            for (int i = 0; i < seg.Length; i++)
                if (batch.Positions[seg.Start + i] != first + i || batch.SegmentOf[seg.Start + i] != s)
                    throw new InvalidOperationException($"token {seg.Start + i} of segment {s} has position {batch.Positions[seg.Start + i]}, expected {first + i}");
        }
    }
}
