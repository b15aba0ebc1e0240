using System.Globalization;
using System.Runtime.InteropServices;
using SharpAlign.Evaluation.Text;

namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// sacreBLEU's chrF and chrF++ (Popović 2015, 2017; sacrebleu/metrics/chrf.py, release 2.6.0).
/// Character n-grams (over code points, orders 1..char_order, whitespace removed unless kept) and
/// word n-grams (orders 1..word_order, after splitting one leading or trailing ASCII punctuation mark
/// off each token). Per order the statistics are (h, r, m): hypothesis n-grams (0 when the reference
/// has none of that order), reference n-grams, clipped matches. Default score: P̄, R̄ = means of m/h
/// and m/r over orders with h, r &gt; 0; chrF = 100·(1+β²)P̄R̄/(β²P̄+R̄). With eps smoothing:
/// 100·mean over all orders of F_n, with 1e-16 for undefined P, R, F. With several references the
/// statistics of the first best-F reference are kept; corpus chrF scores the summed statistics once.
/// </summary>
public sealed class ChrF
{
    private const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>The options in use.</summary>
    public ChrFOptions Options { get; }

    /// <summary>Number of statistic triples per segment (char_order + word_order).</summary>
    public int Order => Options.CharOrder + Options.WordOrder;

    /// <summary>sacreBLEU's name: <c>chrF{β}</c> plus one <c>+</c> per word order.</summary>
    public string Name => "chrF" + Options.Beta.ToString(CultureInfo.InvariantCulture) + new string('+', Options.WordOrder);

    /// <summary>Creates the metric; throws <see cref="InputException"/> for bad options.</summary>
    public ChrF(ChrFOptions options)
    {
        options.Validate();
        Options = options;
    }

    /// <summary>All n-gram counters of one segment: char orders 1..C, then word orders 1..W.</summary>
    private List<Dictionary<NGram, int>> Extract(string segment, TokenVocabulary words)
    {
        if (Options.Lowercase) segment = PythonCase.Lower(segment);
        var all = new List<Dictionary<NGram, int>>(Order);
        string chars = Options.Whitespace ? segment : PythonWhitespace.RemoveAll(segment);
        int[] cps = new int[chars.Length];
        int k = 0;
        for (int i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                cps[k++] = char.ConvertToUtf32(chars[i], chars[i + 1]);
                i++;
            }
            else cps[k++] = chars[i];
        }
        Array.Resize(ref cps, k);
        for (int n = 1; n <= Options.CharOrder; n++) all.Add(NGramCounter.Count(cps, n));
        if (Options.WordOrder > 0)
        {
            int[] ids = words.Encode(SplitPunctuation(segment));
            for (int n = 1; n <= Options.WordOrder; n++) all.Add(NGramCounter.Count(ids, n));
        }
        return all;
    }

    /// <summary>chrF++'s word split: whitespace split, then one trailing (else leading) ASCII punctuation mark split off tokens longer than one code point.</summary>
    public static List<string> SplitPunctuation(string sentence)
    {
        var tokens = new List<string>();
        foreach (string w in PythonWhitespace.Split(sentence))
        {
            if (CodePoints.Count(w) == 1) { tokens.Add(w); continue; }
            if (Punctuation.Contains(w[^1])) { tokens.Add(w[..^1]); tokens.Add(w[^1..]); }
            else if (Punctuation.Contains(w[0])) { tokens.Add(w[..1]); tokens.Add(w[1..]); }
            else tokens.Add(w);
        }
        return tokens;
    }

    /// <summary>Statistics (h, r, m per order, flattened) of a segment against its best reference (null references skipped).</summary>
    public long[] SegmentStatistics(string hypothesis, IReadOnlyList<string?> references)
    {
        var words = new TokenVocabulary();
        var hyp = Extract(hypothesis, words);
        long[]? best = null;
        double bestF = -1.0;
        foreach (string? reference in references)
        {
            if (reference is null) continue;
            var refGrams = Extract(reference, words);
            var stats = new long[3 * Order];
            for (int o = 0; o < Order; o++)
            {
                long hypCount = 0, match = 0, refCount = 0;
                var r = refGrams[o];
                foreach (var (g, c) in hyp[o])
                {
                    hypCount += c;
                    if (r.TryGetValue(g, out int rc)) match += Math.Min(c, rc);
                }
                foreach (int c in r.Values) refCount += c;
                stats[3 * o] = r.Count > 0 ? hypCount : 0;
                stats[3 * o + 1] = refCount;
                stats[3 * o + 2] = match;
            }
            double f = FScore(stats);
            if (f > bestF) { bestF = f; best = stats; }
        }
        return best ?? throw new InputException("chrF: a segment has no defined reference (all are null)");
    }

    /// <summary>Sentence chrF (0–100).</summary>
    public double SentenceScore(string hypothesis, IReadOnlyList<string?> references) =>
        FScore(SegmentStatistics(hypothesis, references));

    /// <summary>Corpus chrF (0–100); <paramref name="references"/>[i] holds segment i's references (segment-major).</summary>
    public double CorpusScore(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string?>> references) =>
        FScore(CorpusStatistics(hypotheses, references));

    /// <summary>Element-wise sum of the segment statistics.</summary>
    public long[] CorpusStatistics(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string?>> references)
    {
        if (hypotheses.Count != references.Count)
            throw new InputException($"chrF: {hypotheses.Count} hypotheses but {references.Count} reference sets");
        var sum = new long[3 * Order];
        for (int i = 0; i < hypotheses.Count; i++)
        {
            long[] s = SegmentStatistics(hypotheses[i], references[i]);
            for (int k = 0; k < sum.Length; k++) sum[k] += s[k];
        }
        return sum;
    }

    /// <summary>sacreBLEU's <c>_compute_f_score</c> on flattened (h, r, m) statistics.</summary>
    public double FScore(ReadOnlySpan<long> stats)
    {
        const double eps = 1e-16;
        double factor = Options.Beta * Options.Beta;
        double score = 0, avgPrec = 0, avgRec = 0;
        int effective = 0;
        for (int o = 0; o < Order; o++)
        {
            long h = stats[3 * o], r = stats[3 * o + 1], m = stats[3 * o + 2];
            double prec = h > 0 ? (double)m / h : eps;
            double rec = r > 0 ? (double)m / r : eps;
            double denom = factor * prec + rec;
            score += denom > 0 ? (1 + factor) * prec * rec / denom : eps;
            if (h > 0 && r > 0)
            {
                avgPrec += prec;
                avgRec += rec;
                effective++;
            }
        }
        if (Options.EpsSmoothing) return 100 * score / Order;
        if (effective == 0) return 0.0;
        avgPrec /= effective;
        avgRec /= effective;
        if (avgPrec + avgRec == 0) return 0.0;
        return 100 * ((1 + factor) * avgPrec * avgRec / (factor * avgPrec + avgRec));
    }

    /// <summary>The sacreBLEU signature, e.g. <c>nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0</c>.</summary>
    public SacreBleuSignature Signature(int? numRefs) => new SacreBleuSignature(numRefs)
        .Add("case", "c", Options.Lowercase ? "lc" : "mixed")
        .Add("eff", "e", !Options.EpsSmoothing)
        .Add("nc", "nc", Options.CharOrder.ToString(CultureInfo.InvariantCulture))
        .Add("nw", "nw", Options.WordOrder.ToString(CultureInfo.InvariantCulture))
        .Add("space", "s", Options.Whitespace);
}
