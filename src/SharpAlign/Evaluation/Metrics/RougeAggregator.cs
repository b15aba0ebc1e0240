namespace SharpAlign.Evaluation.Metrics;

/// <summary>Low / mid / high of a bootstrap confidence interval, each a (P, R, F) triple (rouge-score's <c>AggregateScore</c>).</summary>
public readonly record struct RougeInterval(RougeScore Low, RougeScore Mid, RougeScore High);

/// <summary>
/// Corpus-level aggregation of per-example ROUGE scores, as rouge-score's <c>scoring.py</c> offers it:
/// the plain arithmetic mean of P, R and F (what <c>use_aggregator=False</c> averaging gives, and the
/// deterministic choice for 4-decimal parity), or <c>BootstrapAggregator</c>: draw n examples with
/// replacement <c>samples</c> times, take the column means, report the (1−c)/2, 0.5 and 1−(1−c)/2
/// percentiles with numpy's linear interpolation, separately for P, R and F. rouge-score draws from
/// numpy's global generator; here the draws come from a seeded <see cref="Random"/>, so intervals
/// are reproducible for a seed but never bit-identical to a Python run (nor are two Python runs).
/// </summary>
public static class RougeAggregator
{
    /// <summary>Arithmetic mean of precision, recall and F over the examples (all 0 for none).</summary>
    public static RougeScore Mean(IReadOnlyList<RougeScore> scores)
    {
        if (scores.Count == 0) return default;
        double p = 0, r = 0, f = 0;
        foreach (var s in scores) { p += s.Precision; r += s.Recall; f += s.FMeasure; }
        return new RougeScore(p / scores.Count, r / scores.Count, f / scores.Count);
    }

    /// <summary>Bootstrap interval of the mean (defaults of rouge-score: 1000 samples, 95 % confidence).</summary>
    public static RougeInterval Bootstrap(IReadOnlyList<RougeScore> scores, int seed, int samples = 1000, double confidence = 0.95)
    {
        if (scores.Count == 0) throw new InputException("ROUGE bootstrap: no examples to aggregate");
        if (samples < 1) throw new InputException($"ROUGE bootstrap: samples must be at least 1, got {samples}");
        if (!(confidence > 0 && confidence < 1)) throw new InputException($"ROUGE bootstrap: confidence must be in (0, 1), got {confidence}");
        var rng = new Random(seed);
        int n = scores.Count;
        var means = new double[3][];
        for (int k = 0; k < 3; k++) means[k] = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            double p = 0, r = 0, f = 0;
            for (int i = 0; i < n; i++)
            {
                var x = scores[rng.Next(n)];
                p += x.Precision; r += x.Recall; f += x.FMeasure;
            }
            means[0][s] = p / n; means[1][s] = r / n; means[2][s] = f / n;
        }
        double delta = (1 - confidence) / 2;
        RougeScore At(double q) => new(Percentile(means[0], q), Percentile(means[1], q), Percentile(means[2], q));
        foreach (var m in means) Array.Sort(m);
        return new RougeInterval(At(delta), At(0.5), At(1 - delta));
    }

    /// <summary>numpy's default ('linear') percentile of sorted data, <paramref name="q"/> in [0, 1].</summary>
    public static double Percentile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        double frac = pos - lo;
        return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
    }
}
