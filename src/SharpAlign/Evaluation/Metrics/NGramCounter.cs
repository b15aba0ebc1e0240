using System.Runtime.InteropServices;

namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// An n-gram as a view into an array of token ids (start, length). Two n-grams are equal when their
/// ids are equal, whatever arrays they live in, so hypothesis and reference n-grams can be looked up
/// in one dictionary without building strings or tuples.
/// </summary>
public readonly record struct NGram(int[] Ids, int Start, int Length)
{
    /// <summary>The ids of this n-gram.</summary>
    public ReadOnlySpan<int> Span => Ids.AsSpan(Start, Length);
}

/// <summary>Equality and hashing of <see cref="NGram"/> by content.</summary>
public sealed class NGramComparer : IEqualityComparer<NGram>
{
    /// <summary>The shared instance.</summary>
    public static readonly NGramComparer Instance = new();

    /// <inheritdoc />
    public bool Equals(NGram x, NGram y) => x.Length == y.Length && x.Span.SequenceEqual(y.Span);

    /// <inheritdoc />
    public int GetHashCode(NGram g)
    {
        var h = new HashCode();
        h.Add(g.Length);
        foreach (int id in g.Span) h.Add(id);
        return h.ToHashCode();
    }
}

/// <summary>Counting of contiguous n-grams over token-id sequences (Python's <c>Counter</c> of tuples).</summary>
public static class NGramCounter
{
    /// <summary>Counts every n-gram of order <paramref name="n"/> in <paramref name="ids"/>.</summary>
    public static Dictionary<NGram, int> Count(int[] ids, int n)
    {
        var counts = new Dictionary<NGram, int>(Math.Max(0, ids.Length - n + 1), NGramComparer.Instance);
        for (int i = 0; i + n <= ids.Length; i++)
            CollectionsMarshal.GetValueRefOrAddDefault(counts, new NGram(ids, i, n), out _)++;
        return counts;
    }

    /// <summary>Counts every n-gram of orders 1..<paramref name="maxOrder"/> into one dictionary (the key carries its length).</summary>
    public static Dictionary<NGram, int> CountUpTo(int[] ids, int maxOrder)
    {
        var counts = new Dictionary<NGram, int>(ids.Length * Math.Min(maxOrder, 4), NGramComparer.Instance);
        for (int n = 1; n <= maxOrder; n++)
            for (int i = 0; i + n <= ids.Length; i++)
                CollectionsMarshal.GetValueRefOrAddDefault(counts, new NGram(ids, i, n), out _)++;
        return counts;
    }
}
