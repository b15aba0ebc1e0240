namespace SharpAlign.Demo;

/// <summary>One generated review split into the prompt a model is given and the rest.</summary>
/// <param name="Prompt">The opening words of the first sentence.</param>
/// <param name="Completion">The rest of the review.</param>
/// <param name="Mood">The latent sentiment the review was drawn with.</param>
public sealed record Review(string Prompt, string Completion, Sentiment Mood)
{
    /// <summary>Prompt and completion joined with a space.</summary>
    public string Text => Prompt + " " + Completion;
}

/// <summary>
/// Draws reviews from <see cref="ReviewLanguage"/> with a seeded generator. Each review has a
/// latent mood (positive, negative, neutral: a third each); sentiment-bearing slots are filled
/// with the mood's sentiment 60% of the time, neutral 30%, the opposite 10% (neutral mood: 20/60/20),
/// so the corpus — and a model trained on it — is on average neutral.
/// </summary>
public sealed class ReviewGenerator
{
    private readonly Random _rng;

    /// <summary>Creates a generator; the same seed gives the same reviews.</summary>
    public ReviewGenerator(int seed) => _rng = new Random(seed);

    /// <summary>Draws one review of 2–3 sentences; the prompt is the first 2–3 words.</summary>
    public Review Next()
    {
        var mood = (Sentiment)(_rng.Next(3) - 1);
        var words = new List<string>();
        int sentences = 2 + _rng.Next(2);
        for (int s = 0; s < sentences; s++)
        {
            var template = ReviewLanguage.Templates[_rng.Next(ReviewLanguage.Templates.Length)];
            foreach (var slot in template) words.Add(Fill(slot, mood));
        }
        int promptWords = 2 + _rng.Next(2);
        return new Review(string.Join(' ', words.Take(promptWords)), string.Join(' ', words.Skip(promptWords)), mood);
    }

    private string Fill(string slot, Sentiment mood) => slot switch
    {
        "N" => Pick(ReviewLanguage.Nouns),
        "D" => Pick(ReviewLanguage.Adverbs),
        "A" => Pick(ReviewLanguage.Adjectives[DrawSentiment(mood)]),
        "V" => Pick(ReviewLanguage.Verbs[DrawSentiment(mood)]),
        _ => slot,
    };

    private Sentiment DrawSentiment(Sentiment mood)
    {
        double u = _rng.NextDouble();
        if (mood == Sentiment.Neutral) return u < 0.2 ? Sentiment.Positive : u < 0.8 ? Sentiment.Neutral : Sentiment.Negative;
        return u < 0.6 ? mood : u < 0.9 ? Sentiment.Neutral : (Sentiment)(-(int)mood);
    }

    private string Pick(string[] words) => words[_rng.Next(words.Length)];
}
