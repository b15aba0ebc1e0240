using SharpAlign.Evaluation.Metrics.Tokenizers;
using SharpAlign.Evaluation.Text;

namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// sacreBLEU's BLEU (Papineni et al. 2002 as computed by sacrebleu/metrics/bleu.py, release 2.6.0).
/// Per segment: lower-case (optional), right-strip, tokenize, split on whitespace; n-gram counts of
/// orders 1..N; reference clip counts are the maximum over the segment's references; the reference
/// length is the closest one to the hypothesis length (ties → the shorter). Corpus BLEU sums the
/// segment statistics and scores once:
/// BLEU = BP · exp( (1/E) Σ_{n≤E} log p_n ), BP = min(1, exp(1 − r/c)), p_n = 100·m_n/t_n with the
/// chosen smoothing (exp = NIST/Chen-Cherry 3, floor = method 1, add-k = method 2) and E = N, or the
/// number of leading orders with t_n &gt; 0 under effective order.
/// References given as null are ignored for that segment; an empty string is a real (empty) reference.
/// </summary>
public sealed class Bleu
{
    private readonly IBleuTokenizer _tokenizer;

    /// <summary>The options in use.</summary>
    public BleuOptions Options { get; }

    /// <summary>Creates the metric; throws <see cref="InputException"/> for bad options.</summary>
    public Bleu(BleuOptions options)
    {
        options.Validate();
        Options = options;
        _tokenizer = BleuTokenizers.Create(options.Tokenize);
    }

    /// <summary>The tokens BLEU sees for one segment (after lower-casing, rstrip and tokenization).</summary>
    public List<string> Tokens(string segment)
    {
        if (Options.Lowercase) segment = PythonCase.Lower(segment);
        return PythonWhitespace.Split(_tokenizer.Tokenize(PythonWhitespace.RStrip(segment)));
    }

    /// <summary>Sufficient statistics of one segment against its references (null references are skipped).</summary>
    public BleuStatistics SegmentStatistics(string hypothesis, IReadOnlyList<string?> references)
    {
        int order = Options.MaxNgramOrder;
        var vocab = new TokenVocabulary();
        int[] hyp = vocab.Encode(Tokens(hypothesis));

        Dictionary<NGram, int>? clip = null;
        long refLen = -1;
        long closestDiff = -1;
        bool any = false;
        foreach (string? reference in references)
        {
            if (reference is null) continue;
            int[] rid = vocab.Encode(Tokens(reference));
            long diff = Math.Abs(hyp.Length - rid.Length);
            if (!any || diff < closestDiff || (diff == closestDiff && rid.Length < refLen))
            {
                closestDiff = diff;
                refLen = rid.Length;
            }
            any = true;
            var counts = NGramCounter.CountUpTo(rid, order);
            if (clip is null) clip = counts;
            else
            {
                foreach (var (g, c) in counts)
                {
                    if (!clip.TryGetValue(g, out int old) || c > old) clip[g] = c;
                }
            }
        }
        if (!any) throw new InputException("BLEU: a segment has no defined reference (all are null)");

        var correct = new long[order];
        var total = new long[order];
        var hypCounts = NGramCounter.CountUpTo(hyp, order);
        foreach (var (g, c) in hypCounts)
        {
            int n = g.Length - 1;
            total[n] += c;
            if (clip!.TryGetValue(g, out int r)) correct[n] += Math.Min(c, r);
        }
        return new BleuStatistics(hyp.Length, refLen, correct, total);
    }

    /// <summary>Sentence BLEU: the corpus formula on one segment's statistics.</summary>
    public BleuScore SentenceScore(string hypothesis, IReadOnlyList<string?> references) =>
        Compute(SegmentStatistics(hypothesis, references));

    /// <summary>Corpus BLEU over segments; <paramref name="references"/>[i] holds segment i's references (segment-major).</summary>
    public BleuScore CorpusScore(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string?>> references) =>
        Compute(CorpusStatistics(hypotheses, references));

    /// <summary>The element-wise sum of the segment statistics.</summary>
    public BleuStatistics CorpusStatistics(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string?>> references)
    {
        if (hypotheses.Count != references.Count)
            throw new InputException($"BLEU: {hypotheses.Count} hypotheses but {references.Count} reference sets");
        var sum = BleuStatistics.Zero(Options.MaxNgramOrder);
        for (int i = 0; i < hypotheses.Count; i++) sum = sum.Add(SegmentStatistics(hypotheses[i], references[i]));
        return sum;
    }

    /// <summary>Scores already summed statistics with this metric's smoothing and effective-order settings.</summary>
    public BleuScore Compute(BleuStatistics stats) =>
        ComputeFromStatistics(stats.Correct, stats.Total, stats.SysLen, stats.RefLen, Options.SmoothMethod,
            Options.SmoothValue, Options.EffectiveOrder);

    /// <summary>
    /// sacreBLEU's <c>BLEU.compute_bleu</c>. BP = 1 if c ≥ r, exp(1 − r/c) if 0 &lt; c &lt; r, 0 if c = 0;
    /// all-zero matches give 0; add-k adds k to counts and totals of orders ≥ 2 before the t_n = 0 stop;
    /// a zero precision contributes log = −9 999 999 999 (sacreBLEU's <c>my_log</c>).
    /// </summary>
    public static BleuScore ComputeFromStatistics(IReadOnlyList<long> correctIn, IReadOnlyList<long> totalIn, long sysLen, long refLen,
        string smoothMethod, double? smoothValue, bool effectiveOrder)
    {
        int order = correctIn.Count;
        double value = smoothValue ?? smoothMethod switch { "floor" => 0.1, "add-k" => 1.0, _ => 0.0 };
        var correct = correctIn.Select(x => (double)x).ToArray();
        var total = totalIn.Select(x => (double)x).ToArray();
        double bp = sysLen < refLen ? (sysLen > 0 ? Math.Exp(1.0 - (double)refLen / sysLen) : 0.0) : 1.0;
        var precisions = new double[order];
        if (correct.All(c => c == 0))
            return new BleuScore(0.0, correct, total, precisions, bp, sysLen, refLen);

        double smoothMteval = 1.0;
        int effOrder = order;
        for (int n = 1; n <= order; n++)
        {
            if (smoothMethod == "add-k" && n > 1)
            {
                correct[n - 1] += value;
                total[n - 1] += value;
            }
            if (total[n - 1] == 0) break;
            if (effectiveOrder) effOrder = n;
            if (correct[n - 1] == 0)
            {
                if (smoothMethod == "exp")
                {
                    smoothMteval *= 2;
                    precisions[n - 1] = 100.0 / (smoothMteval * total[n - 1]);
                }
                else if (smoothMethod == "floor")
                {
                    precisions[n - 1] = 100.0 * value / total[n - 1];
                }
            }
            else
            {
                precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
            }
        }

        double logSum = 0;
        for (int n = 0; n < effOrder; n++) logSum += precisions[n] == 0.0 ? -9999999999.0 : Math.Log(precisions[n]);
        double score = bp * Math.Exp(logSum / effOrder);
        return new BleuScore(score, correct, total, precisions, bp, sysLen, refLen);
    }

    /// <summary>The sacreBLEU signature for a run with <paramref name="numRefs"/> references per segment (null = variable).</summary>
    public SacreBleuSignature Signature(int? numRefs)
    {
        string smooth = Options.SmoothMethod is "floor" or "add-k"
            ? $"{Options.SmoothMethod}[{PythonFormat.Fixed(Options.EffectiveSmoothValue, 2)}]"
            : Options.SmoothMethod;
        return new SacreBleuSignature(numRefs)
            .Add("case", "c", Options.Lowercase ? "lc" : "mixed")
            .Add("eff", "e", Options.EffectiveOrder)
            .Add("tok", "tok", _tokenizer.Name)
            .Add("smooth", "s", smooth);
    }
}
