namespace SharpAlign.Data.Batching;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014; Vigna's reference constants): a tiny deterministic RNG whose
/// sequence is fixed by its definition, unlike System.Random's, which may change between .NET
/// versions. Used for shuffling so that an epoch order is reproducible anywhere.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, <paramref name="n"/>) (multiply-high; bias below 2^-32 for any int n).</summary>
    public int NextInt(int n) => (int)Math.BigMul(Next(), (ulong)n, out _);

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
