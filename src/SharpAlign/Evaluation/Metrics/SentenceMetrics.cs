using SharpAlign.Evaluation.Text;

namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// Per-segment scores by metric name, on the scale the corpus metric reports: sentence BLEU with
/// effective order (as <c>sacrebleu.sentence_bleu</c>), sentence chrF/chrF++, sentence TER, ROUGE F
/// (best target), METEOR (whitespace tokens, best reference). Used for per-example outputs and
/// win rates. Metrics are built once per instance and reused.
/// </summary>
public sealed class SentenceMetrics
{
    private readonly CorpusMetricSettings _settings;
    private readonly Dictionary<string, Func<string, IReadOnlyList<string?>, double>> _scorers = new(StringComparer.Ordinal);

    /// <summary>Creates the scorers for <paramref name="settings"/>.</summary>
    public SentenceMetrics(CorpusMetricSettings settings) => _settings = settings;

    /// <summary>Whether a higher value is better (false only for TER).</summary>
    public static bool HigherIsBetter(string metric) => metric != "ter";

    /// <summary>The per-segment score of <paramref name="metric"/> for one hypothesis.</summary>
    public double Score(string metric, string hypothesis, IReadOnlyList<string?> references)
    {
        if (!_scorers.TryGetValue(metric, out var scorer))
        {
            scorer = Create(metric);
            _scorers[metric] = scorer;
        }
        return scorer(hypothesis, references);
    }

    private Func<string, IReadOnlyList<string?>, double> Create(string metric)
    {
        switch (metric)
        {
            case "bleu":
            {
                var bleu = new Bleu(_settings.Bleu with { EffectiveOrder = true });
                return (h, r) => bleu.SentenceScore(h, r).Score;
            }
            case "chrf" or "chrf++":
            {
                var chrf = new ChrF(metric == "chrf++" && _settings.ChrF.WordOrder == 0 ? _settings.ChrF with { WordOrder = 2 } : _settings.ChrF);
                return (h, r) => chrf.SentenceScore(h, r);
            }
            case "ter":
            {
                var ter = new Ter(_settings.Ter);
                return (h, r) => ter.SentenceScore(h, r);
            }
            case "meteor":
            {
                var meteor = new Meteor(_settings.MeteorAlpha, _settings.MeteorBeta, _settings.MeteorGamma);
                return (h, r) => meteor.Score(r.Where(x => x is not null).Select(x => (IReadOnlyList<string>)PythonWhitespace.Split(x!)).ToList(), PythonWhitespace.Split(h));
            }
            default:
            {
                if (!CorpusMetrics.IsKnown(metric)) throw new InputException($"unknown metric '{metric}'; expected one of {string.Join(", ", CorpusMetrics.Names)}");
                var rouge = new Rouge(_settings.RougeUseStemmer);
                return (h, r) => rouge.ScoreMulti(metric, r.Where(x => x is not null).Select(x => x!).ToList(), h).FMeasure;
            }
        }
    }
}
