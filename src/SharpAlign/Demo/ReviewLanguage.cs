namespace SharpAlign.Demo;

/// <summary>Sentiment a word carries in the review language.</summary>
public enum Sentiment
{
    /// <summary>Carries no sentiment.</summary>
    Neutral = 0,
    /// <summary>Praise.</summary>
    Positive = 1,
    /// <summary>Criticism.</summary>
    Negative = -1,
}

/// <summary>
/// A small synthetic language of movie-review sentences with a known grammar: every sentence
/// is one of a few templates whose slots are filled from word classes, and adjectives and verbs
/// carry a sentiment. Because the grammar is known, the demo can measure fluency exactly (does a
/// completion parse?) and the reward is a deterministic sentiment score — the DPO paper's
/// controlled-sentiment experiment in miniature.
/// </summary>
public static class ReviewLanguage
{
    /// <summary>Nouns (no sentiment).</summary>
    public static readonly string[] Nouns = ["movie", "film", "story", "plot", "acting", "ending", "cast", "script", "music", "director"];
    /// <summary>Adverbs (no sentiment).</summary>
    public static readonly string[] Adverbs = ["really", "very", "quite", "truly", "rather"];

    /// <summary>Adjectives by sentiment.</summary>
    public static readonly IReadOnlyDictionary<Sentiment, string[]> Adjectives = new Dictionary<Sentiment, string[]>
    {
        [Sentiment.Positive] = ["great", "wonderful", "brilliant", "charming", "moving", "funny"],
        [Sentiment.Negative] = ["boring", "awful", "dull", "terrible", "weak", "silly"],
        [Sentiment.Neutral] = ["long", "quiet", "simple", "loud", "old", "short"],
    };

    /// <summary>Verbs by sentiment.</summary>
    public static readonly IReadOnlyDictionary<Sentiment, string[]> Verbs = new Dictionary<Sentiment, string[]>
    {
        [Sentiment.Positive] = ["loved", "enjoyed", "admired"],
        [Sentiment.Negative] = ["hated", "disliked", "regretted"],
        [Sentiment.Neutral] = ["watched", "saw", "remember"],
    };

    /// <summary>
    /// The sentence templates. Upper-case items are slots: N noun, A adjective, D adverb, V verb;
    /// everything else is a literal word.
    /// </summary>
    public static readonly string[][] Templates =
    [
        ["the", "N", "was", "D", "A", "."],
        ["i", "V", "the", "N", "."],
        ["the", "N", "felt", "A", "and", "A", "."],
        ["it", "is", "a", "A", "N", "."],
        ["overall", "the", "N", "was", "A", "."],
    ];

    private static readonly Dictionary<string, Sentiment> WordSentiment = BuildSentiments();
    private static readonly HashSet<string> NounSet = [.. Nouns], AdverbSet = [.. Adverbs];
    private static readonly HashSet<string> AdjectiveSet = [.. Adjectives.Values.SelectMany(x => x)];
    private static readonly HashSet<string> VerbSet = [.. Verbs.Values.SelectMany(x => x)];

    private static Dictionary<string, Sentiment> BuildSentiments()
    {
        var d = new Dictionary<string, Sentiment>();
        foreach (var (s, words) in Adjectives) foreach (var w in words) d[w] = s;
        foreach (var (s, words) in Verbs) foreach (var w in words) d[w] = s;
        return d;
    }

    /// <summary>The sentiment a word carries (neutral for words outside the sentiment classes).</summary>
    public static Sentiment SentimentOf(string word) => WordSentiment.GetValueOrDefault(word, Sentiment.Neutral);

    /// <summary>True when <paramref name="word"/> can fill slot <paramref name="slot"/> (or equals the literal).</summary>
    public static bool Fits(string slot, string word) => slot switch
    {
        "N" => NounSet.Contains(word),
        "A" => AdjectiveSet.Contains(word),
        "D" => AdverbSet.Contains(word),
        "V" => VerbSet.Contains(word),
        _ => slot == word,
    };

    /// <summary>Splits text into the language's words (lower-case, space-separated, "." is a word).</summary>
    public static string[] Words(string text) => text.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// True when the words form one or more complete sentences of the grammar, with nothing left over.
    /// </summary>
    public static bool IsFluent(IReadOnlyList<string> words) => words.Count > 0 && Parses(words, 0);

    /// <summary>
    /// True when <paramref name="prompt"/> + <paramref name="completion"/> is a sequence of complete
    /// sentences: the completion continues the prompt's unfinished sentence and ends cleanly.
    /// </summary>
    public static bool IsFluent(string prompt, string completion) => IsFluent([.. Words(prompt), .. Words(completion)]);

    private static bool Parses(IReadOnlyList<string> words, int start)
    {
        if (start == words.Count) return true;
        foreach (var t in Templates)
        {
            if (start + t.Length > words.Count) continue;
            bool ok = true;
            for (int i = 0; i < t.Length && ok; i++) ok = Fits(t[i], words[start + i]);
            if (ok && Parses(words, start + t.Length)) return true;
        }
        return false;
    }
}
