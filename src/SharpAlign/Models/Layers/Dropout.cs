namespace SharpAlign.Models.Layers;

/// <summary>
/// Inverted dropout whose mask is a pure function of (key, element index): the same key gives the
/// same mask, so a recomputed forward (activation checkpointing) drops the same elements, and
/// runs are reproducible for a given seed.
/// </summary>
public static class Dropout
{
    /// <summary>y = x ⊙ keep / (1 − p), keep[i] = hash(key, i) ≥ p.</summary>
    public static void Apply(ReadOnlySpan<float> x, Span<float> y, float p, ulong key)
    {
        float scale = 1f / (1f - p);
        ulong threshold = (ulong)(p * 4294967296.0);
        for (int i = 0; i < x.Length; i++)
            y[i] = (Hash(key, (ulong)i) >> 32) >= threshold ? x[i] * scale : 0f;
    }

    /// <summary>Backward of <see cref="Apply"/>: the same mask and scale applied to the gradient (accumulating).</summary>
    public static void BackwardAdd(ReadOnlySpan<float> dy, Span<float> dx, float p, ulong key)
    {
        float scale = 1f / (1f - p);
        ulong threshold = (ulong)(p * 4294967296.0);
        for (int i = 0; i < dy.Length; i++)
            if ((Hash(key, (ulong)i) >> 32) >= threshold) dx[i] += dy[i] * scale;
    }

    /// <summary>Mixes a key and an index into 64 well-distributed bits (SplitMix64 finalizer).</summary>
    public static ulong Hash(ulong key, ulong index)
    {
        ulong z = key + (index + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
