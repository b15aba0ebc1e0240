using SharpAlign.Evaluation.Text;

namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// sacreBLEU's TER (Snover et al. 2006; sacrebleu/metrics/ter.py + lib_ter.py, release 2.6.0).
/// Per segment: right-strip, Tercom-tokenize, split; against each reference compute
/// <see cref="TranslationEditRate"/>; the segment statistics are (minimum edits over references,
/// average reference length over references). Corpus TER = 100·Σ edits / Σ average lengths; when the
/// length sum is 0 the score is 100 if there are edits, else 0.
/// </summary>
public sealed class Ter
{
    private readonly TercomTokenizer _tokenizer;

    /// <summary>The options in use.</summary>
    public TerOptions Options { get; }

    /// <summary>Creates the metric.</summary>
    public Ter(TerOptions options)
    {
        Options = options;
        _tokenizer = new TercomTokenizer(options);
    }

    /// <summary>The tokens TER sees for one segment.</summary>
    public List<string> Tokens(string segment) => PythonWhitespace.Split(_tokenizer.Tokenize(PythonWhitespace.RStrip(segment)));

    /// <summary>(best edits, average reference length) of one segment; null references are skipped.</summary>
    public (double Edits, double RefLength) SegmentStatistics(string hypothesis, IReadOnlyList<string?> references)
    {
        var vocab = new TokenVocabulary();
        int[] hyp = vocab.Encode(Tokens(hypothesis));
        long best = long.MaxValue;
        long lengths = 0;
        int count = 0;
        foreach (string? reference in references)
        {
            if (reference is null) continue;
            var (edits, refLength) = TranslationEditRate.Compute(hyp, vocab.Encode(Tokens(reference)));
            lengths += refLength;
            best = Math.Min(best, edits);
            count++;
        }
        if (count == 0) throw new InputException("TER: a segment has no defined reference (all are null)");
        return (best, (double)lengths / count);
    }

    /// <summary>Sentence TER (0–100, can exceed 100).</summary>
    public double SentenceScore(string hypothesis, IReadOnlyList<string?> references)
    {
        var (e, r) = SegmentStatistics(hypothesis, references);
        return Score(e, r);
    }

    /// <summary>Corpus TER; <paramref name="references"/>[i] holds segment i's references (segment-major).</summary>
    public double CorpusScore(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string?>> references)
    {
        if (hypotheses.Count != references.Count)
            throw new InputException($"TER: {hypotheses.Count} hypotheses but {references.Count} reference sets");
        double edits = 0, lengths = 0;
        for (int i = 0; i < hypotheses.Count; i++)
        {
            var (e, r) = SegmentStatistics(hypotheses[i], references[i]);
            edits += e;
            lengths += r;
        }
        return Score(edits, lengths);
    }

    /// <summary>TER from summed statistics (sacreBLEU's <c>_compute_score_from_stats</c>).</summary>
    public static double Score(double edits, double refLength) =>
        refLength > 0 ? 100 * (edits / refLength) : edits > 0 ? 100.0 : 0.0;

    /// <summary>The sacreBLEU signature, e.g. <c>nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0</c>.</summary>
    public SacreBleuSignature Signature(int? numRefs) => new SacreBleuSignature(numRefs)
        .Add("case", "c", Options.CaseSensitive ? "mixed" : "lc")
        .Add("tok", "t", "tercom")
        .Add("norm", "nr", Options.Normalized)
        .Add("punct", "pn", !Options.NoPunct)
        .Add("asian", "as", Options.AsianSupport);
}
