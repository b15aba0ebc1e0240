namespace SharpAlign.Data;

/// <summary>Min, median, 95th percentile and max of a set of lengths (nearest-rank percentiles).</summary>
/// <param name="Count">Number of values.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Median">50th percentile.</param>
/// <param name="P95">95th percentile.</param>
/// <param name="Max">Largest value.</param>
public sealed record LengthSummary(int Count, int Min, int Median, int P95, int Max)
{
    /// <summary>Summarises <paramref name="values"/> (sorts it in place); null when empty.</summary>
    public static LengthSummary? Of(List<int> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        int Rank(double p) => values[Math.Max(0, (int)Math.Ceiling(p * values.Count) - 1)];
        return new LengthSummary(values.Count, values[0], Rank(0.5), Rank(0.95), values[^1]);
    }
}
