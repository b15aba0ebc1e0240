using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using SharpAlign.Evaluation.Metrics;

namespace SharpAlign.Cli.Commands;

/// <summary>
/// <c>sharpalign bench metrics</c>: corpus-scores a seeded synthetic corpus (default 10 000 segments
/// of 15–35 words, references perturbed from the hypotheses) with every metric and prints one JSON
/// line per metric with the throughput in segments per second.
/// </summary>
public sealed class BenchMetricsCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "bench";

    /// <inheritdoc />
    public Command Create()
    {
        var cmd = new Command("metrics", "Throughput of the text metrics on a synthetic corpus (JSON lines).");
        var segments = new Option<int>("--segments") { Description = "Number of segments.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Corpus seed.", DefaultValueFactory = _ => 1 };
        var only = new Option<string?>("--metric") { Description = "Only this metric (default: all)." };
        cmd.Options.Add(segments);
        cmd.Options.Add(seed);
        cmd.Options.Add(only);
        cmd.SetAction(pr =>
        {
            int n = pr.GetValue(segments);
            if (n < 1) { Console.Error.WriteLine("error: --segments must be at least 1"); return 2; }
            var (hyps, refs) = Corpus(n, pr.GetValue(seed));
            string[] metrics = pr.GetValue(only) is string m ? [m] : ["bleu", "chrf", "chrf++", "ter", "rouge1", "rouge2", "rougeL", "rougeLsum", "meteor"];
            var settings = new CorpusMetricSettings();
            foreach (string metric in metrics)
            {
                if (!CorpusMetrics.IsKnown(metric)) { Console.Error.WriteLine($"error: unknown metric '{metric}'"); return 2; }
                CorpusMetrics.Score(metric, hyps.Take(50).ToList(), refs.Take(50).ToList(), settings); // warm-up (JIT)
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var result = CorpusMetrics.Score(metric, hyps, refs, settings);
                double s = sw.Elapsed.TotalSeconds;
                double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"bench\":\"metrics\",\"metric\":\"{metric}\",\"segments\":{n},\"seconds\":{s:F3},\"cpu_seconds\":{cpu:F3},\"segments_per_s\":{n / s:F0},\"score\":{result.Score:R}}}"));
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>Seeded synthetic corpus: Zipf-like vocabulary with punctuation; each reference is its hypothesis with ~25 % of words replaced, some dropped or inserted.</summary>
    private static (List<string> Hyps, List<IReadOnlyList<string?>> Refs) Corpus(int n, int seed)
    {
        var rng = new Random(seed);
        var vocab = Enumerable.Range(0, 5000).Select(i => Word(i, rng)).ToArray();
        string Pick() => vocab[(int)(vocab.Length * Math.Pow(rng.NextDouble(), 3))];
        var hyps = new List<string>(n);
        var refs = new List<IReadOnlyList<string?>>(n);
        for (int i = 0; i < n; i++)
        {
            int len = rng.Next(15, 36);
            var words = Enumerable.Range(0, len).Select(_ => Pick()).ToList();
            var reference = new List<string>(len + 4);
            foreach (string w in words)
            {
                double r = rng.NextDouble();
                if (r < 0.15) reference.Add(Pick());
                else if (r < 0.20) continue;
                else if (r < 0.25) { reference.Add(w); reference.Add(Pick()); }
                else reference.Add(w);
            }
            hyps.Add(string.Join(' ', words) + ".");
            refs.Add([string.Join(' ', reference) + "."]);
        }
        return (hyps, refs);
    }

    private static string Word(int index, Random rng)
    {
        const string letters = "etaoinshrdlucmfwypvbgkjqxz";
        var sb = new StringBuilder();
        int len = 2 + rng.Next(8);
        for (int k = 0; k < len; k++) sb.Append(letters[(int)(letters.Length * Math.Pow(rng.NextDouble(), 1.5))]);
        if (index % 97 == 0) sb.Append(',');
        if (index % 10 == 1) sb[0] = char.ToUpperInvariant(sb[0]);
        return sb.ToString();
    }
}
