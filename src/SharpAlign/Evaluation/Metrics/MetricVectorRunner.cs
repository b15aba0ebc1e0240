using System.Text.Json;
using System.Text.Json.Nodes;
using SharpAlign.Evaluation.Metrics.Tokenizers;
using SharpAlign.Evaluation.Text;

namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// Evaluates one metric test vector in the format of <c>metric_vectors_published.json</c> (fields
/// <c>metric</c>, <c>options</c>, <c>hyp</c>, <c>refs</c>; references segment-major) and returns the
/// result object the batch mode writes: <c>{"score": …}</c> where the score has the shape of the
/// vector's <c>expected</c> (a number; {precision, recall, fmeasure} for ROUGE; {counts, totals} for
/// <c>bleu_corpus_stats</c>; the tokenized string for <c>tok_*</c>; the stem for
/// <c>porter_stem_nltk</c>), plus <c>tokens</c> / <c>stem</c> for tokenizer and stemmer entries and
/// for the sacreBLEU metrics their <c>name</c> (BLEU, chrF2, chrF2++, TER), <c>signature</c> (as
/// <c>metric.get_signature()</c> prints it, e.g. <c>nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0</c>)
/// and <c>formatted</c> (as <c>str(score)</c> prints it, e.g. <c>BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = …)</c>).
/// Supported metrics: bleu_sentence, bleu_corpus, bleu_corpus_stats, bleu_from_stats,
/// chrf_sentence, chrf_corpus, chrfpp_sentence, chrfpp_corpus, ter_sentence, ter_corpus,
/// rouge1..rouge9, rougeL, rougeLsum, meteor_nltk, tok_13a, tok_intl, tok_none, tok_char, tok_zh,
/// porter_stem_nltk.
/// </summary>
public static class MetricVectorRunner
{
    /// <summary>Evaluates one vector; throws <see cref="InputException"/> naming the field at fault.</summary>
    public static JsonObject Run(JsonObject entry)
    {
        string metric = entry["metric"]?.GetValue<string>() ?? throw new InputException("missing field 'metric'");
        var options = entry["options"] as JsonObject ?? new JsonObject();
        JsonNode? hyp = entry["hyp"];
        JsonNode? refs = entry["refs"];

        if (metric.StartsWith("tok_", StringComparison.Ordinal))
        {
            string tokens = BleuTokenizers.Create(metric[4..]).Tokenize(ReadString(hyp, "hyp"));
            return new JsonObject { ["score"] = tokens, ["tokens"] = tokens };
        }
        if (metric.StartsWith("rouge", StringComparison.Ordinal)) return RunRouge(metric, options, hyp, refs);
        return metric switch
        {
            "bleu_sentence" => RunBleu(options, [ReadString(hyp, "hyp")], [ReadRefList(refs, "refs")], sentence: true, statsOnly: false),
            "bleu_corpus" => RunBleu(options, ReadStringList(hyp, "hyp"), ReadSegmentRefs(refs), sentence: false, statsOnly: false),
            "bleu_corpus_stats" => RunBleu(options, ReadStringList(hyp, "hyp"), ReadSegmentRefs(refs), sentence: false, statsOnly: true),
            "bleu_from_stats" => RunBleuFromStats(options),
            "chrf_sentence" or "chrfpp_sentence" => RunChrF(options, metric.StartsWith("chrfpp", StringComparison.Ordinal), [ReadString(hyp, "hyp")], [ReadRefList(refs, "refs")]),
            "chrf_corpus" or "chrfpp_corpus" => RunChrF(options, metric.StartsWith("chrfpp", StringComparison.Ordinal), ReadStringList(hyp, "hyp"), ReadSegmentRefs(refs)),
            "ter_sentence" => RunTer(options, [ReadString(hyp, "hyp")], [ReadRefList(refs, "refs")]),
            "ter_corpus" => RunTer(options, ReadStringList(hyp, "hyp"), ReadSegmentRefs(refs)),
            "meteor_nltk" => RunMeteor(options, hyp, refs),
            "porter_stem_nltk" => RunPorter(options, hyp),
            _ => throw new InputException($"unknown metric '{metric}'"),
        };
    }

    private static JsonObject RunBleu(JsonObject o, IReadOnlyList<string> hyps, IReadOnlyList<IReadOnlyList<string?>> refs, bool sentence, bool statsOnly)
    {
        var options = new BleuOptions
        {
            Tokenize = GetString(o, "tokenize") ?? "13a",
            Lowercase = GetBool(o, "lowercase") ?? false,
            SmoothMethod = GetString(o, "smooth_method") ?? "exp",
            SmoothValue = GetDouble(o, "smooth_value"),
            EffectiveOrder = GetBool(o, "effective_order") ?? sentence,
            MaxNgramOrder = GetInt(o, "max_ngram_order") ?? 4,
        };
        var bleu = new Bleu(options);
        var stats = bleu.CorpusStatistics(hyps, refs);
        if (statsOnly)
            return new JsonObject { ["score"] = new JsonObject { ["counts"] = ToArray(stats.Correct), ["totals"] = ToArray(stats.Total) } };
        var score = bleu.Compute(stats);
        return new JsonObject
        {
            ["score"] = score.Score,
            ["name"] = "BLEU",
            ["signature"] = bleu.Signature(ReferenceCount(refs)).Format(),
            ["formatted"] = score.Format(""),
            ["details"] = new JsonObject
            {
                ["counts"] = ToArray(score.Counts), ["totals"] = ToArray(score.Totals), ["precisions"] = ToArray(score.Precisions),
                ["bp"] = score.BrevityPenalty, ["sys_len"] = score.SysLen, ["ref_len"] = score.RefLen,
            },
        };
    }

    private static JsonObject RunBleuFromStats(JsonObject o)
    {
        var correct = ReadLongList(o["correct"], "options.correct");
        var total = ReadLongList(o["total"], "options.total");
        if (correct.Count != total.Count) throw new InputException("options.correct and options.total differ in length");
        var score = Bleu.ComputeFromStatistics(correct, total, GetLong(o, "sys_len") ?? throw new InputException("missing options.sys_len"),
            GetLong(o, "ref_len") ?? throw new InputException("missing options.ref_len"), GetString(o, "smooth_method") ?? "none",
            GetDouble(o, "smooth_value"), GetBool(o, "effective_order") ?? false);
        return new JsonObject { ["score"] = score.Score };
    }

    private static JsonObject RunChrF(JsonObject o, bool plusPlus, IReadOnlyList<string> hyps, IReadOnlyList<IReadOnlyList<string?>> refs)
    {
        var chrf = new ChrF(new ChrFOptions
        {
            CharOrder = GetInt(o, "char_order") ?? 6,
            WordOrder = GetInt(o, "word_order") ?? (plusPlus ? 2 : 0),
            Beta = GetDouble(o, "beta") ?? 2,
            Lowercase = GetBool(o, "lowercase") ?? false,
            Whitespace = GetBool(o, "whitespace") ?? false,
            EpsSmoothing = GetBool(o, "eps_smoothing") ?? false,
        });
        double score = chrf.CorpusScore(hyps, refs);
        return new JsonObject
        {
            ["score"] = score,
            ["name"] = chrf.Name,
            ["signature"] = chrf.Signature(ReferenceCount(refs)).Format(),
            ["formatted"] = $"{chrf.Name} = {PythonFormat.Fixed(score, 2)}",
        };
    }

    private static JsonObject RunTer(JsonObject o, IReadOnlyList<string> hyps, IReadOnlyList<IReadOnlyList<string?>> refs)
    {
        var ter = new Ter(new TerOptions
        {
            Normalized = GetBool(o, "normalized") ?? false,
            NoPunct = GetBool(o, "no_punct") ?? false,
            AsianSupport = GetBool(o, "asian_support") ?? false,
            CaseSensitive = GetBool(o, "case_sensitive") ?? false,
        });
        double score = ter.CorpusScore(hyps, refs);
        return new JsonObject
        {
            ["score"] = score,
            ["name"] = "TER",
            ["signature"] = ter.Signature(ReferenceCount(refs)).Format(),
            ["formatted"] = $"TER = {PythonFormat.Fixed(score, 2)}",
        };
    }

    private static JsonObject RunRouge(string type, JsonObject o, JsonNode? hyp, JsonNode? refs)
    {
        Rouge.ValidateType(type);
        if (GetBool(o, "split_summaries") == true)
            throw new InputException("ROUGE split_summaries=true needs NLTK's Punkt sentence splitter, which is not available; put one sentence per line instead");
        var rouge = new Rouge(GetBool(o, "use_stemmer") ?? false);
        string prediction = ReadString(hyp, "hyp");
        IReadOnlyList<string> targets = refs is JsonValue ? [ReadString(refs, "refs")] : ReadStringList(refs, "refs");
        if (targets.Count > 1 && GetBool(o, "score_multi") != true)
            throw new InputException($"ROUGE: {targets.Count} targets given but options.score_multi is not true");
        var s = rouge.ScoreMulti(type, targets, prediction);
        return new JsonObject
        {
            ["score"] = new JsonObject { ["precision"] = s.Precision, ["recall"] = s.Recall, ["fmeasure"] = s.FMeasure },
        };
    }

    private static JsonObject RunMeteor(JsonObject o, JsonNode? hyp, JsonNode? refs)
    {
        if (hyp is JsonValue) throw new InputException("METEOR: 'hyp' must be a list of tokens (NLTK raises TypeError for a plain string)");
        var hypothesis = ReadStringList(hyp, "hyp");
        var references = (refs as JsonArray ?? throw new InputException("METEOR: 'refs' must be a list of token lists"))
            .Select((r, i) => (IReadOnlyList<string>)ReadStringList(r, $"refs[{i}]")).ToList();
        var meteor = new Meteor(GetDouble(o, "alpha") ?? 0.9, GetDouble(o, "beta") ?? 3.0, GetDouble(o, "gamma") ?? 0.5);
        return new JsonObject { ["score"] = meteor.Score(references, hypothesis) };
    }

    private static JsonObject RunPorter(JsonObject o, JsonNode? hyp)
    {
        var mode = PorterStemmer.ParseMode(GetString(o, "mode") ?? "NLTK_EXTENSIONS");
        string stem = new PorterStemmer(mode).Stem(ReadString(hyp, "hyp"));
        return new JsonObject { ["score"] = stem, ["stem"] = stem };
    }

    /// <summary>sacreBLEU's nrefs: defined references per segment if constant, else null ("var").</summary>
    private static int? ReferenceCount(IReadOnlyList<IReadOnlyList<string?>> refs) =>
        SacreBleuSignature.CommonReferenceCount(refs.Select(r => r.Count(x => x is not null)));

    private static JsonArray ToArray(IEnumerable<long> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static JsonArray ToArray(IEnumerable<double> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static string ReadString(JsonNode? node, string field)
    {
        if (node is JsonValue v && v.TryGetValue(out string? s)) return s;
        throw new InputException($"field '{field}' must be a string");
    }

    private static List<string> ReadStringList(JsonNode? node, string field)
    {
        if (node is not JsonArray a) throw new InputException($"field '{field}' must be a list of strings");
        return a.Select((x, i) => ReadString(x, $"{field}[{i}]")).ToList();
    }

    private static List<string?> ReadRefList(JsonNode? node, string field)
    {
        if (node is not JsonArray a) throw new InputException($"field '{field}' must be a list of reference strings");
        return a.Select((x, i) => x is null ? null : ReadString(x, $"{field}[{i}]")).ToList();
    }

    private static List<IReadOnlyList<string?>> ReadSegmentRefs(JsonNode? node)
    {
        if (node is not JsonArray a) throw new InputException("field 'refs' must be a list (one list of references per segment)");
        return a.Select((x, i) => (IReadOnlyList<string?>)ReadRefList(x, $"refs[{i}]")).ToList();
    }

    private static List<long> ReadLongList(JsonNode? node, string field)
    {
        if (node is not JsonArray a) throw new InputException($"field '{field}' must be a list of integers");
        return a.Select((x, i) => x is JsonValue v && v.TryGetValue(out long l) ? l : throw new InputException($"field '{field}[{i}]' must be an integer")).ToList();
    }

    private static string? GetString(JsonObject o, string key) =>
        o[key] switch { null => null, JsonValue v when v.TryGetValue(out string? s) => s, _ => throw new InputException($"options.{key} must be a string") };

    private static bool? GetBool(JsonObject o, string key) =>
        o[key] switch { null => null, JsonValue v when v.TryGetValue(out bool b) => b, _ => throw new InputException($"options.{key} must be true or false") };

    private static double? GetDouble(JsonObject o, string key) =>
        o[key] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
            _ => throw new InputException($"options.{key} must be a number"),
        };

    private static long? GetLong(JsonObject o, string key) =>
        o[key] switch { null => null, JsonValue v when v.TryGetValue(out long l) => l, _ => throw new InputException($"options.{key} must be an integer") };

    private static int? GetInt(JsonObject o, string key) => GetLong(o, key) is long l ? checked((int)l) : null;
}
