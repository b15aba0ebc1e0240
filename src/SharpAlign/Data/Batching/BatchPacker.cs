using SharpAlign.Data.Tokenizing;

namespace SharpAlign.Data.Batching;

/// <summary>Packs tokenized examples into a <see cref="PackedBatch"/> (prefix-shared or plain layout), with their per-example data.</summary>
public static class BatchPacker
{
    /// <summary>Packed token count of one example in the chosen layout (the cost the planner budgets).</summary>
    public static int Cost(TokenizedExample example, bool prefixSharing) =>
        prefixSharing ? example.SharedTokenCount : example.PlainTokenCount;

    /// <summary>
    /// Packs <paramref name="examples"/>[i] for every i in <paramref name="indices"/>, in that order; example ids are those indices.
    /// With <paramref name="scorePrompts"/>, pairs' prompt tokens are scored too (<see cref="PackedBatchBuilder.ScorePrompt"/>).
    /// </summary>
    public static PackedBatch Pack(IReadOnlyList<TokenizedExample> examples, ReadOnlySpan<int> indices, bool prefixSharing = true, bool scorePrompts = false)
    {
        var builder = new PackedBatchBuilder();
        foreach (int i in indices)
        {
            var e = examples[i];
            int index = !e.IsPair
                ? builder.AddCompletion(e.Prompt, e.Chosen)
                : e.BestResponse is null
                    ? builder.AddPair(e.Prompt, e.Chosen, e.Rejected, prefixSharing)
                    : builder.AddPair(e.Prompt, e.Chosen, e.Rejected, e.BestResponse, prefixSharing);
            if (scorePrompts && e.IsPair) builder.ScorePrompt(index);
            builder.SetInfo(index, new ExampleInfo(i, e.Label, e.Weight, e.ScoreChosen, e.ScoreRejected));
        }
        return builder.Build();
    }
}
