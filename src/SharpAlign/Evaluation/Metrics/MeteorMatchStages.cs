namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// NLTK's <c>_match_enums</c>: for hypothesis tokens from last to first, the last remaining
/// reference token with an equal word is matched and both are removed.
/// </summary>
public sealed class ExactMatchStage : IMeteorMatchStage
{
    /// <inheritdoc />
    public List<(int Hyp, int Ref)> Match(List<MeteorToken> hypothesis, List<MeteorToken> reference) =>
        MatchBy(hypothesis, reference, (h, r) => string.Equals(h, r, StringComparison.Ordinal));

    /// <summary>The shared back-to-front greedy loop, with a word predicate (hypothesis word, reference word).</summary>
    public static List<(int Hyp, int Ref)> MatchBy(List<MeteorToken> hypothesis, List<MeteorToken> reference, Func<string, string, bool> matches)
    {
        var pairs = new List<(int, int)>();
        for (int i = hypothesis.Count - 1; i >= 0; i--)
        {
            for (int j = reference.Count - 1; j >= 0; j--)
            {
                if (!matches(hypothesis[i].Word, reference[j].Word)) continue;
                pairs.Add((hypothesis[i].Index, reference[j].Index));
                hypothesis.RemoveAt(i);
                reference.RemoveAt(j);
                break;
            }
        }
        return pairs;
    }
}

/// <summary>NLTK's <c>_enum_stem_match</c>: both remaining lists are replaced by their stems, then matched exactly.</summary>
public sealed class StemMatchStage : IMeteorMatchStage
{
    private readonly PorterStemmer _stemmer;

    /// <summary>Creates the stage with the given stemmer.</summary>
    public StemMatchStage(PorterStemmer stemmer) => _stemmer = stemmer;

    /// <inheritdoc />
    public List<(int Hyp, int Ref)> Match(List<MeteorToken> hypothesis, List<MeteorToken> reference)
    {
        for (int i = 0; i < hypothesis.Count; i++) hypothesis[i] = hypothesis[i] with { Word = _stemmer.Stem(hypothesis[i].Word) };
        for (int j = 0; j < reference.Count; j++) reference[j] = reference[j] with { Word = _stemmer.Stem(reference[j].Word) };
        return ExactMatchStage.MatchBy(hypothesis, reference, (h, r) => string.Equals(h, r, StringComparison.Ordinal));
    }
}

/// <summary>A source of synonyms for METEOR's third stage (NLTK uses WordNet lemma names without "_").</summary>
public interface ISynonymSource
{
    /// <summary>The synonyms of <paramref name="word"/> (the word itself need not be included).</summary>
    IReadOnlyCollection<string> Synonyms(string word);
}

/// <summary>NLTK's <c>_enum_wordnetsyn_match</c> with a pluggable synonym source: a reference word matches when it is the hypothesis word or one of its synonyms.</summary>
public sealed class SynonymMatchStage : IMeteorMatchStage
{
    private readonly ISynonymSource _source;

    /// <summary>Creates the stage over <paramref name="source"/>.</summary>
    public SynonymMatchStage(ISynonymSource source) => _source = source;

    /// <inheritdoc />
    public List<(int Hyp, int Ref)> Match(List<MeteorToken> hypothesis, List<MeteorToken> reference) =>
        ExactMatchStage.MatchBy(hypothesis, reference, (h, r) => string.Equals(h, r, StringComparison.Ordinal) || _source.Synonyms(h).Contains(r));
}
