namespace SharpAlign.Models.Generation;

/// <summary>
/// Picks the next token from logits: greedy (argmax, lowest id on ties) when temperature ≤ 0, else
/// softmax(logits / T) restricted by top-k, then top-p (the smallest most-likely set whose
/// probability reaches p, at least one token), sampled with the given random source.
/// </summary>
public static class Sampler
{
    /// <summary>The chosen token id.</summary>
    public static int Pick(ReadOnlySpan<float> logits, SamplingOptions o, Random rng)
    {
        if (o.Temperature <= 0) return ArgMax(logits);
        int v = logits.Length;
        var order = new int[v];
        for (int i = 0; i < v; i++) order[i] = i;
        var z = logits.ToArray();
        Array.Sort(order, (a, b) => z[b] != z[a] ? z[b].CompareTo(z[a]) : a.CompareTo(b));
        int keep = o.TopK > 0 ? Math.Min(o.TopK, v) : v;
        double max = z[order[0]] / o.Temperature;
        var p = new double[keep];
        double sum = 0;
        for (int i = 0; i < keep; i++) { p[i] = Math.Exp(z[order[i]] / o.Temperature - max); sum += p[i]; }
        if (o.TopP < 1)
        {
            double cum = 0;
            int n = 0;
            while (n < keep) { cum += p[n] / sum; n++; if (cum >= o.TopP) break; }
            keep = n;
            sum = 0;
            for (int i = 0; i < keep; i++) sum += p[i];
        }
        double u = rng.NextDouble() * sum;
        for (int i = 0; i < keep; i++)
        {
            u -= p[i];
            if (u < 0) return order[i];
        }
        return order[keep - 1];
    }

    /// <summary>Index of the largest value (the first one on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> x)
    {
        int best = 0;
        for (int i = 1; i < x.Length; i++) if (x[i] > x[best]) best = i;
        return best;
    }
}
