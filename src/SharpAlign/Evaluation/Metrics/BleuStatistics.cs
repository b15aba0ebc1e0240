namespace SharpAlign.Evaluation.Metrics;

/// <summary>BLEU sufficient statistics: hypothesis length, chosen reference length, matches and totals per order.</summary>
public sealed record BleuStatistics(long SysLen, long RefLen, long[] Correct, long[] Total)
{
    /// <summary>All-zero statistics for <paramref name="order"/> orders.</summary>
    public static BleuStatistics Zero(int order) => new(0, 0, new long[order], new long[order]);

    /// <summary>Element-wise sum.</summary>
    public BleuStatistics Add(BleuStatistics other) => new(SysLen + other.SysLen, RefLen + other.RefLen,
        Correct.Zip(other.Correct, (a, b) => a + b).ToArray(), Total.Zip(other.Total, (a, b) => a + b).ToArray());
}
