namespace SharpAlign.Demo;

/// <summary>
/// The ground-truth reward of the demo: the sentiment of a completion,
/// r = (positive words − negative words) / max(1, sentiment-bearing slots), in [−1, 1].
/// Sentiment-bearing slots are the adjective and verb positions; neutral words in them count in
/// the denominator, so a completion scores 1 only when every such slot is positive.
/// Only the completion is scored, not the prompt.
/// </summary>
public static class SentimentReward
{
    /// <summary>The reward of a completion's text.</summary>
    public static double Score(string completion)
    {
        int pos = 0, neg = 0, slots = 0;
        foreach (var w in ReviewLanguage.Words(completion))
        {
            bool bearing = ReviewLanguage.Fits("A", w) || ReviewLanguage.Fits("V", w);
            if (!bearing) continue;
            slots++;
            switch (ReviewLanguage.SentimentOf(w))
            {
                case Sentiment.Positive: pos++; break;
                case Sentiment.Negative: neg++; break;
            }
        }
        return (double)(pos - neg) / Math.Max(1, slots);
    }
}
