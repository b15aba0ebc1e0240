using System.CommandLine;
using System.Text.Json;
using SharpAlign.Evaluation.Metrics;

namespace SharpAlign.Cli.Commands;

/// <summary>
/// <c>sharpalign metrics NAME --hyp FILE --ref FILE [--ref FILE …]</c>: corpus score (one segment per
/// line) with sacreBLEU's signature; <c>sharpalign metrics --jsonl FILE [--out FILE]</c>: batch mode
/// over metric vectors (one result object per input line).
/// </summary>
public sealed class MetricsCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var cmd = new Command("metrics", "Score text with sacreBLEU BLEU/chrF/TER, rouge-score ROUGE or NLTK METEOR, bit-compatible with the Python tools.");
        var name = new Argument<string?>("name") { Arity = ArgumentArity.ZeroOrOne, Description = $"Metric: {string.Join(", ", CorpusMetrics.Names)} (or rouge3..rouge9)." };
        var hyp = new Option<FileInfo?>("--hyp") { Description = "Hypotheses, one segment per line." };
        var refs = new Option<FileInfo[]>("--ref") { Description = "References, one segment per line; repeat for several references.", AllowMultipleArgumentsPerToken = true };
        var jsonl = new Option<FileInfo?>("--jsonl") { Description = "Batch mode: JSON lines with metric, options, hyp, refs (the format of metric_vectors_published.json)." };
        var output = new Option<FileInfo?>("--out") { Description = "Batch mode: write results here instead of standard output." };
        var format = new Option<string>("--format") { Description = "Output: text (sacreBLEU's line) or json.", DefaultValueFactory = _ => "text" };
        var width = new Option<int>("--width") { Description = "Decimals of the printed score.", DefaultValueFactory = _ => 2 };
        var shortSig = new Option<bool>("--short") { Description = "Short signature form." };
        var tokenize = new Option<string>("--tokenize") { Description = "BLEU tokenizer: 13a, intl, none, char, zh.", DefaultValueFactory = _ => "13a" };
        var lowercase = new Option<bool>("--lowercase") { Description = "BLEU/chrF: lower-case first." };
        var smooth = new Option<string>("--smooth-method") { Description = "BLEU smoothing: exp, floor, add-k, none.", DefaultValueFactory = _ => "exp" };
        var smoothValue = new Option<double?>("--smooth-value") { Description = "BLEU smoothing value (floor default 0.1, add-k default 1)." };
        var effOrder = new Option<bool>("--effective-order") { Description = "BLEU: effective n-gram order (sentence-BLEU style)." };
        var maxOrder = new Option<int>("--max-ngram-order") { Description = "BLEU: highest n-gram order.", DefaultValueFactory = _ => 4 };
        var charOrder = new Option<int>("--char-order") { Description = "chrF character order.", DefaultValueFactory = _ => 6 };
        var wordOrder = new Option<int>("--word-order") { Description = "chrF word order (2 = chrF++).", DefaultValueFactory = _ => 0 };
        var beta = new Option<double>("--beta") { Description = "chrF β.", DefaultValueFactory = _ => 2 };
        var whitespace = new Option<bool>("--whitespace") { Description = "chrF: keep whitespace in character n-grams." };
        var eps = new Option<bool>("--eps-smoothing") { Description = "chrF: epsilon smoothing (chrF++.py/Moses/NLTK style)." };
        var normalized = new Option<bool>("--normalized") { Description = "TER: western (and CJK) normalisation." };
        var noPunct = new Option<bool>("--no-punct") { Description = "TER: remove punctuation." };
        var asian = new Option<bool>("--asian-support") { Description = "TER: CJK support." };
        var caseSensitive = new Option<bool>("--case-sensitive") { Description = "TER: do not lower-case." };
        var stem = new Option<bool>("--use-stemmer") { Description = "ROUGE: Porter-stem tokens longer than 3 characters." };
        var aggregate = new Option<string>("--aggregate") { Description = "ROUGE corpus aggregation: mean or bootstrap.", DefaultValueFactory = _ => "mean" };
        var seed = new Option<int>("--seed") { Description = "ROUGE bootstrap seed.", DefaultValueFactory = _ => 12345 };
        var samples = new Option<int>("--bootstrap-samples") { Description = "ROUGE bootstrap samples.", DefaultValueFactory = _ => 1000 };
        var alpha = new Option<double>("--meteor-alpha") { Description = "METEOR α.", DefaultValueFactory = _ => 0.9 };
        var mbeta = new Option<double>("--meteor-beta") { Description = "METEOR β.", DefaultValueFactory = _ => 3.0 };
        var gamma = new Option<double>("--meteor-gamma") { Description = "METEOR γ.", DefaultValueFactory = _ => 0.5 };
        cmd.Arguments.Add(name);
        foreach (var o in new Option[] { hyp, refs, jsonl, output, format, width, shortSig, tokenize, lowercase, smooth, smoothValue, effOrder, maxOrder,
                     charOrder, wordOrder, beta, whitespace, eps, normalized, noPunct, asian, caseSensitive, stem, aggregate, seed, samples, alpha, mbeta, gamma })
            cmd.Options.Add(o);

        cmd.SetAction(pr =>
        {
            // System.CommandLine's own handler would print a stack trace; bad input is reported plainly (exit 2).
            try { return Run(pr); }
            catch (InputException e)
            {
                pr.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return cmd;

        int Run(ParseResult pr)
        {
            TextWriter stdout = pr.InvocationConfiguration.Output, stderr = pr.InvocationConfiguration.Error;
            if (pr.GetValue(jsonl) is FileInfo batch)
            {
                if (!batch.Exists) throw new InputException($"--jsonl: file not found: {batch.FullName}");
                using var reader = batch.OpenText();
                if (pr.GetValue(output) is FileInfo outFile)
                {
                    using var writer = new StreamWriter(outFile.FullName);
                    int n = MetricBatch.Run(reader, writer, batch.Name);
                    stderr.WriteLine($"{n} vectors scored -> {outFile.FullName}");
                }
                else MetricBatch.Run(reader, stdout, batch.Name);
                return 0;
            }

            string metric = pr.GetValue(name) ?? throw new InputException("give a metric NAME with --hyp and --ref, or --jsonl FILE");
            if (!CorpusMetrics.IsKnown(metric))
                throw new InputException($"unknown metric '{metric}'; expected one of {string.Join(", ", CorpusMetrics.Names)} (or rouge3..rouge9)");
            var hypFile = pr.GetValue(hyp) ?? throw new InputException("--hyp FILE is required");
            var refFiles = pr.GetValue(refs) ?? [];
            if (refFiles.Length == 0) throw new InputException("at least one --ref FILE is required");
            var hypotheses = ReadLines(hypFile, "--hyp");
            var streams = refFiles.Select(f => ReadLines(f, "--ref")).ToList();
            for (int k = 0; k < streams.Count; k++)
                if (streams[k].Length != hypotheses.Length)
                    throw new InputException($"--ref {refFiles[k].Name} has {streams[k].Length} lines but --hyp {hypFile.Name} has {hypotheses.Length}");
            var segmentRefs = Enumerable.Range(0, hypotheses.Length)
                .Select(i => (IReadOnlyList<string?>)streams.Select(s => (string?)s[i]).ToList()).ToList();

            var settings = new CorpusMetricSettings
            {
                Bleu = new BleuOptions
                {
                    Tokenize = pr.GetValue(tokenize)!, Lowercase = pr.GetValue(lowercase), SmoothMethod = pr.GetValue(smooth)!,
                    SmoothValue = pr.GetValue(smoothValue), EffectiveOrder = pr.GetValue(effOrder), MaxNgramOrder = pr.GetValue(maxOrder),
                },
                ChrF = new ChrFOptions
                {
                    CharOrder = pr.GetValue(charOrder), WordOrder = pr.GetValue(wordOrder), Beta = pr.GetValue(beta),
                    Lowercase = pr.GetValue(lowercase), Whitespace = pr.GetValue(whitespace), EpsSmoothing = pr.GetValue(eps),
                },
                Ter = new TerOptions
                {
                    Normalized = pr.GetValue(normalized), NoPunct = pr.GetValue(noPunct), AsianSupport = pr.GetValue(asian), CaseSensitive = pr.GetValue(caseSensitive),
                },
                RougeUseStemmer = pr.GetValue(stem),
                RougeAggregation = pr.GetValue(aggregate)!,
                Seed = pr.GetValue(seed),
                BootstrapSamples = pr.GetValue(samples),
                MeteorAlpha = pr.GetValue(alpha), MeteorBeta = pr.GetValue(mbeta), MeteorGamma = pr.GetValue(gamma),
                Width = pr.GetValue(width),
                ShortSignature = pr.GetValue(shortSig),
            };
            var result = CorpusMetrics.Score(metric, hypotheses, segmentRefs, settings);
            if (pr.GetValue(format) == "json")
            {
                var obj = new Dictionary<string, object?> { ["name"] = result.Name, ["score"] = result.Score, ["signature"] = result.Signature, ["line"] = result.Line };
                foreach (var (k, v) in result.Details) obj[k] = v;
                stdout.WriteLine(JsonSerializer.Serialize(obj));
            }
            else stdout.WriteLine(result.Line);
            return 0;
        }
    }

    private static string[] ReadLines(FileInfo file, string option)
    {
        if (!file.Exists) throw new InputException($"{option}: file not found: {file.FullName}");
        return File.ReadAllLines(file.FullName);
    }
}
