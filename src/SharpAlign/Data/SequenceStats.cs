namespace SharpAlign.Data;

/// <summary>Per-sequence statistics from per-entry values of a packed batch, and the way back.</summary>
public static class SequenceStats
{
    /// <summary>Σ of the entries of each sequence, in float64.</summary>
    public static double[] Sums(PackedBatch batch, ReadOnlySpan<float> perEntry)
    {
        var sums = new double[batch.Sequences.Length];
        for (int i = 0; i < perEntry.Length; i++) sums[batch.ScoreSequence[i]] += perEntry[i];
        return sums;
    }

    /// <summary>Σ of the first <paramref name="count"/>[s] entries of each sequence s (entries of a sequence are in token order).</summary>
    public static double[] PrefixSums(PackedBatch batch, ReadOnlySpan<float> perEntry, int[] count)
    {
        var sums = new double[batch.Sequences.Length];
        var seen = new int[batch.Sequences.Length];
        for (int i = 0; i < perEntry.Length; i++)
        {
            int s = batch.ScoreSequence[i];
            if (seen[s]++ < count[s]) sums[s] += perEntry[i];
        }
        return sums;
    }

    /// <summary>Adds <paramref name="perSequence"/>[s] to every entry of sequence s (or only its first <paramref name="count"/>[s]).</summary>
    public static void Spread(PackedBatch batch, ReadOnlySpan<double> perSequence, Span<float> perEntry, int[]? count = null)
    {
        var seen = count is null ? null : new int[batch.Sequences.Length];
        for (int i = 0; i < perEntry.Length; i++)
        {
            int s = batch.ScoreSequence[i];
            if (seen is not null && seen[s]++ >= count![s]) continue;
            perEntry[i] += (float)perSequence[s];
        }
    }

    /// <summary>True when every value is finite.</summary>
    public static bool AllFinite(params double[]?[] arrays) =>
        arrays.All(a => a is null || a.All(double.IsFinite));
}
