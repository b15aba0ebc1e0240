using SharpAlign.Evaluation.Text;

namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// The metric registry: corpus scoring by the names users type — <c>bleu</c>, <c>chrf</c>,
/// <c>chrf++</c>, <c>ter</c>, <c>rouge1</c>…<c>rouge9</c>, <c>rougeL</c>, <c>rougeLsum</c>,
/// <c>meteor</c>. References are segment-major (<c>references[i]</c> = segment i's references).
/// sacreBLEU metrics give their corpus statistic and signature; ROUGE gives the aggregate (mean or
/// bootstrap mid) of per-example scores in 0–1, as rouge-score and HF evaluate report it; METEOR
/// gives the mean of per-segment NLTK scores over whitespace-split tokens (HF evaluate averages the
/// same way but tokenizes with NLTK's word_tokenize first).
/// </summary>
public static class CorpusMetrics
{
    /// <summary>The names accepted by <see cref="Score"/>.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["bleu", "chrf", "chrf++", "ter", "rouge1", "rouge2", "rougeL", "rougeLsum", "meteor"];

    /// <summary>Whether <paramref name="name"/> is a known metric (including rouge3..rouge9).</summary>
    public static bool IsKnown(string name)
    {
        if (Names.Contains(name)) return true;
        try { Rouge.ValidateType(name); return true; }
        catch (InputException) { return false; }
    }

    /// <summary>Scores a corpus with the metric called <paramref name="name"/>.</summary>
    public static CorpusMetricResult Score(string name, IReadOnlyList<string> hypotheses,
        IReadOnlyList<IReadOnlyList<string?>> references, CorpusMetricSettings settings)
    {
        if (hypotheses.Count != references.Count)
            throw new InputException($"{hypotheses.Count} hypotheses but {references.Count} reference sets");
        int? nrefs = SacreBleuSignature.CommonReferenceCount(references.Select(r => r.Count(x => x is not null)));
        switch (name)
        {
            case "bleu":
            {
                var bleu = new Bleu(settings.Bleu);
                var score = bleu.CorpusScore(hypotheses, references);
                string sig = bleu.Signature(nrefs).Format(settings.ShortSignature);
                return new CorpusMetricResult("BLEU", score.Score, "BLEU|" + sig, score.Format(sig, settings.Width))
                {
                    Details = new Dictionary<string, double> { ["bp"] = score.BrevityPenalty, ["ratio"] = score.Ratio, ["sys_len"] = score.SysLen, ["ref_len"] = score.RefLen },
                };
            }
            case "chrf" or "chrf++":
            {
                var options = name == "chrf++" && settings.ChrF.WordOrder == 0 ? settings.ChrF with { WordOrder = 2 } : settings.ChrF;
                var chrf = new ChrF(options);
                double score = chrf.CorpusScore(hypotheses, references);
                string sig = chrf.Name + "|" + chrf.Signature(nrefs).Format(settings.ShortSignature);
                return new CorpusMetricResult(chrf.Name, score, sig, $"{sig} = {PythonFormat.Fixed(score, settings.Width)}");
            }
            case "ter":
            {
                var ter = new Ter(settings.Ter);
                double score = ter.CorpusScore(hypotheses, references);
                string sig = "TER|" + ter.Signature(nrefs).Format(settings.ShortSignature);
                return new CorpusMetricResult("TER", score, sig, $"{sig} = {PythonFormat.Fixed(score, settings.Width)}");
            }
            case "meteor":
            {
                var meteor = new Meteor(settings.MeteorAlpha, settings.MeteorBeta, settings.MeteorGamma);
                var scores = new double[hypotheses.Count];
                for (int i = 0; i < scores.Length; i++)
                {
                    var refs = references[i].Where(r => r is not null).Select(r => (IReadOnlyList<string>)PythonWhitespace.Split(r!)).ToList();
                    scores[i] = meteor.Score(refs, PythonWhitespace.Split(hypotheses[i]));
                }
                double mean = scores.Length == 0 ? 0 : scores.Average();
                return new CorpusMetricResult("METEOR", mean, null,
                    $"METEOR (NLTK, exact+stem, alpha={settings.MeteorAlpha}, beta={settings.MeteorBeta}, gamma={settings.MeteorGamma}) = {PythonFormat.Fixed(mean, 4)}")
                { SegmentScores = scores };
            }
            default:
                return RougeCorpus(name, hypotheses, references, settings);
        }
    }

    private static CorpusMetricResult RougeCorpus(string type, IReadOnlyList<string> hypotheses,
        IReadOnlyList<IReadOnlyList<string?>> references, CorpusMetricSettings settings)
    {
        if (!IsKnown(type)) throw new InputException($"unknown metric '{type}'; expected one of {string.Join(", ", Names)} (or rouge3..rouge9)");
        var rouge = new Rouge(settings.RougeUseStemmer);
        var scores = new RougeScore[hypotheses.Count];
        for (int i = 0; i < scores.Length; i++)
            scores[i] = rouge.ScoreMulti(type, references[i].Where(r => r is not null).Select(r => r!).ToList(), hypotheses[i]);
        string stem = settings.RougeUseStemmer ? "stem" : "nostem";
        if (settings.RougeAggregation == "bootstrap")
        {
            var ci = RougeAggregator.Bootstrap(scores, settings.Seed, settings.BootstrapSamples);
            return new CorpusMetricResult(type, ci.Mid.FMeasure, null,
                $"{type} ({stem}, bootstrap n={settings.BootstrapSamples} seed={settings.Seed}) F = {PythonFormat.Fixed(ci.Mid.FMeasure, 4)} " +
                $"[{PythonFormat.Fixed(ci.Low.FMeasure, 4)}, {PythonFormat.Fixed(ci.High.FMeasure, 4)}] P = {PythonFormat.Fixed(ci.Mid.Precision, 4)} R = {PythonFormat.Fixed(ci.Mid.Recall, 4)}")
            {
                Details = new Dictionary<string, double>
                {
                    ["precision"] = ci.Mid.Precision, ["recall"] = ci.Mid.Recall, ["fmeasure"] = ci.Mid.FMeasure,
                    ["fmeasure_low"] = ci.Low.FMeasure, ["fmeasure_high"] = ci.High.FMeasure,
                },
                SegmentScores = scores.Select(s => s.FMeasure).ToList(),
            };
        }
        if (settings.RougeAggregation != "mean")
            throw new InputException($"ROUGE aggregation '{settings.RougeAggregation}' is not one of mean, bootstrap");
        var mean = RougeAggregator.Mean(scores);
        return new CorpusMetricResult(type, mean.FMeasure, null,
            $"{type} ({stem}, mean of {scores.Length}) F = {PythonFormat.Fixed(mean.FMeasure, 4)} P = {PythonFormat.Fixed(mean.Precision, 4)} R = {PythonFormat.Fixed(mean.Recall, 4)}")
        {
            Details = new Dictionary<string, double> { ["precision"] = mean.Precision, ["recall"] = mean.Recall, ["fmeasure"] = mean.FMeasure },
            SegmentScores = scores.Select(s => s.FMeasure).ToList(),
        };
    }
}
