namespace SharpAlign.Data.Batching;

/// <summary>
/// Decides which examples form each micro-batch of each epoch, from the examples' packed token
/// counts alone. The plan of epoch e is a pure function of (costs, options, e), so any position
/// can be resumed by recomputing its epoch's plan.
/// </summary>
public sealed class EpochPlanner
{
    private readonly int[] _costs;
    private readonly BatchingOptions _options;

    /// <summary><paramref name="costs"/>[i] = packed tokens of example i in the chosen layout.</summary>
    public EpochPlanner(IReadOnlyList<int> costs, BatchingOptions options)
    {
        options.Validate();
        if (costs.Count == 0) throw new InputException("the dataset has no usable examples to batch");
        _costs = costs.ToArray();
        _options = options;
    }

    /// <summary>The micro-batches of <paramref name="epoch"/>, each a list of example indices.</summary>
    public int[][] Plan(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var order = Enumerable.Range(0, _costs.Length).ToArray();
        var rng = new SplitMix64(_options.Seed ^ (0xD1B54A32D192ED03UL * (ulong)(epoch + 1)));
        if (!_options.Shuffle) return Cut(order).ToArray();
        rng.Shuffle(order.AsSpan());
        int group = _options.LengthGroupSize > 1 ? _options.LengthGroupSize : order.Length;
        var batches = new List<int[]>();
        for (int start = 0; start < order.Length; start += group)
        {
            var chunk = order.AsSpan(start, Math.Min(group, order.Length - start));
            if (_options.LengthGroupSize > 1)
                chunk.Sort((a, b) => _costs[b] != _costs[a] ? _costs[b].CompareTo(_costs[a]) : a.CompareTo(b));
            batches.AddRange(Cut(chunk.ToArray()));
        }
        var result = batches.ToArray();
        rng.Shuffle(result.AsSpan());
        return result;
    }

    /// <summary>Greedy cut of an ordered list into batches within the token and example limits.</summary>
    private List<int[]> Cut(int[] order)
    {
        var batches = new List<int[]>();
        var current = new List<int>();
        long tokens = 0;
        foreach (int i in order)
        {
            bool full = current.Count > 0 &&
                (_options.MaxExamples is int me && current.Count >= me || _options.MaxTokens is int mt && tokens + _costs[i] > mt);
            if (full) { batches.Add(current.ToArray()); current.Clear(); tokens = 0; }
            current.Add(i);
            tokens += _costs[i];
        }
        if (current.Count > 0) batches.Add(current.ToArray());
        return batches;
    }

    /// <summary>Examples whose cost alone exceeds the token budget (each is batched alone).</summary>
    public int OversizeCount => _options.MaxTokens is int mt ? _costs.Count(c => c > mt) : 0;

    /// <summary>
    /// The batches from <paramref name="start"/> on, through epoch <paramref name="epochs"/> − 1, each with
    /// its own position; after consuming a batch at position p, checkpoint <see cref="After"/>(p).
    /// </summary>
    public IEnumerable<(EpochPosition Position, int[] Examples)> From(EpochPosition start, int epochs)
    {
        for (int e = start.Epoch; e < epochs; e++)
        {
            var plan = Plan(e);
            for (int b = e == start.Epoch ? start.Batch : 0; b < plan.Length; b++)
                yield return (new EpochPosition(e, b), plan[b]);
        }
    }

    /// <summary>The position that follows the batch at <paramref name="position"/> (past an epoch's last batch, <see cref="From"/> moves on to the next epoch).</summary>
    public static EpochPosition After(EpochPosition position) => position with { Batch = position.Batch + 1 };
}
