namespace SharpAlign.Evaluation.Metrics;

/// <summary>A token of a METEOR input: its original position and its current (pre-processed, maybe stemmed) form.</summary>
public readonly record struct MeteorToken(int Index, string Word);

/// <summary>
/// One matching stage of NLTK's METEOR aligner. A stage sees the still-unmatched hypothesis and
/// reference tokens, removes the ones it matches from both lists, and returns the matched
/// (hypothesis index, reference index) pairs. Stages run in order; each sees what the earlier
/// ones left (in the form the earlier ones left it: after the stem stage, words are stems).
/// </summary>
public interface IMeteorMatchStage
{
    /// <summary>Matches and removes tokens from <paramref name="hypothesis"/> and <paramref name="reference"/>.</summary>
    List<(int Hyp, int Ref)> Match(List<MeteorToken> hypothesis, List<MeteorToken> reference);
}

/// <summary>
/// METEOR exactly as NLTK's <c>nltk.translate.meteor_score</c> computes it (Banerjee &amp; Lavie 2005
/// as implemented there), on pre-tokenized input: tokens are lower-cased (Python <c>str.lower()</c>),
/// aligned by the match stages (default: exact, then NLTK-Porter stem), m = number of matches,
/// chunks = runs of matches adjacent in both sentences;
/// P = m/|hyp|, R = m/|ref|, Fmean = PR/(αP + (1−α)R), penalty = γ·(chunks/m)^β,
/// score = (1 − penalty)·Fmean (0 on any division by zero); with several references the maximum.
/// Defaults α = 0.9, β = 3, γ = 0.5. NLTK's third stage matches WordNet synonyms; WordNet is not
/// shipped, so by default that stage is absent and the score equals NLTK's whenever no remaining
/// hypothesis word has a WordNet synonym among the remaining reference words (otherwise it can only
/// be lower). Pass a <see cref="SynonymMatchStage"/> with a synonym source to add it.
/// </summary>
public sealed class Meteor
{
    private readonly IReadOnlyList<IMeteorMatchStage> _stages;

    /// <summary>Weight of precision vs recall in Fmean (NLTK default 0.9).</summary>
    public double Alpha { get; }

    /// <summary>Exponent of the fragmentation penalty (NLTK default 3).</summary>
    public double Beta { get; }

    /// <summary>Maximum fragmentation penalty (NLTK default 0.5).</summary>
    public double Gamma { get; }

    /// <summary>Creates the metric with the given parameters and stages (default: exact then Porter-stem stage).</summary>
    public Meteor(double alpha = 0.9, double beta = 3.0, double gamma = 0.5, IReadOnlyList<IMeteorMatchStage>? stages = null)
    {
        Alpha = alpha;
        Beta = beta;
        Gamma = gamma;
        _stages = stages ?? [new ExactMatchStage(), new StemMatchStage(new PorterStemmer())];
    }

    /// <summary>NLTK's <c>meteor_score(references, hypothesis)</c>: the best single-reference score.</summary>
    public double Score(IReadOnlyList<IReadOnlyList<string>> references, IReadOnlyList<string> hypothesis)
    {
        if (references.Count == 0) throw new InputException("METEOR: no reference given");
        double best = double.NegativeInfinity;
        foreach (var reference in references) best = Math.Max(best, SingleScore(reference, hypothesis));
        return best;
    }

    /// <summary>NLTK's <c>single_meteor_score(reference, hypothesis)</c>.</summary>
    public double SingleScore(IReadOnlyList<string> reference, IReadOnlyList<string> hypothesis)
    {
        var hyp = hypothesis.Select((w, i) => new MeteorToken(i, Text.PythonCase.Lower(w))).ToList();
        var refs = reference.Select((w, i) => new MeteorToken(i, Text.PythonCase.Lower(w))).ToList();
        int hypLength = hyp.Count, refLength = refs.Count;
        var matches = new List<(int Hyp, int Ref)>();
        foreach (var stage in _stages) matches.AddRange(stage.Match(hyp, refs));
        matches.Sort((a, b) => a.Hyp.CompareTo(b.Hyp));
        int m = matches.Count;
        if (hypLength == 0 || refLength == 0 || m == 0) return 0.0;
        double precision = (double)m / hypLength;
        double recall = (double)m / refLength;
        double denominator = Alpha * precision + (1 - Alpha) * recall;
        if (denominator == 0) return 0.0;
        double fmean = precision * recall / denominator;
        double fragmentation = (double)CountChunks(matches) / m;
        double penalty = Gamma * Math.Pow(fragmentation, Beta);
        return (1 - penalty) * fmean;
    }

    /// <summary>Number of runs of matches that are consecutive in both hypothesis and reference.</summary>
    public static int CountChunks(IReadOnlyList<(int Hyp, int Ref)> sortedMatches)
    {
        int chunks = 1;
        for (int i = 0; i + 1 < sortedMatches.Count; i++)
        {
            if (!(sortedMatches[i + 1].Hyp == sortedMatches[i].Hyp + 1 && sortedMatches[i + 1].Ref == sortedMatches[i].Ref + 1))
                chunks++;
        }
        return chunks;
    }
}
