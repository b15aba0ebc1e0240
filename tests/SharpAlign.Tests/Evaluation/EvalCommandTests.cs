using System.CommandLine;
using System.Text.Json.Nodes;
using SharpAlign.Cli;
using SharpAlign.Evaluation.Metrics;
using SharpAlign.Models.IO;
using SharpAlign.Tokenization.Training;

namespace SharpAlign.Tests.Evaluation;

/// <summary><c>sharpalign eval</c> end to end on a tiny random model with a freshly trained BPE tokenizer.</summary>
public sealed class EvalCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sa-eval-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { if (Directory.Exists(_root)) Directory.Delete(_root, true); }

    private static readonly string[] Sentences =
    [
        "the cat sat on the mat", "a dog barked at the cat", "the man bit the dog", "it was not surprising",
        "the weather is nice today", "she reads a book every night", "we walk to school", "the sun rises in the east",
    ];

    private string TinyModel(string name, int seed)
    {
        string dir = Path.Combine(_root, name);
        var bpe = BpeTrainer.Train(Enumerable.Repeat(Sentences, 20).SelectMany(s => s), new BpeTrainerOptions(VocabSize: 300, MinFrequency: 1));
        var config = RandomCheckpoint.CreateConfig("llama", "tiny", new RandomModelSizes(VocabSize: bpe.Vocabulary.Count));
        RandomCheckpoint.Write(dir, config, seed, SafetensorsDtype.F32);
        BpeTrainer.Save(bpe, dir);
        return dir;
    }

    private string Write(string name, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(_root);
        string path = Path.Combine(_root, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static List<JsonNode> Predictions(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "predictions.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();

    [Fact]
    public void TranslationGeneratesScoresAndComparesDeterministically()
    {
        string model = TinyModel("m", 1);
        string data = Write("mt.jsonl", Sentences.Take(6).Select((s, i) =>
            new JsonObject { ["source"] = s, ["target"] = i % 2 == 0 ? s : new JsonArray(s, Sentences[i + 1]) }.ToJsonString()));
        string outA = Path.Combine(_root, "a"), outB = Path.Combine(_root, "b");
        string[] common = ["eval", "--model", model, "--dataset", data, "--task", "translation", "--metrics", "chrf,bleu,ter,rouge1,meteor",
            "--max-new-tokens", "6", "--batch-size", "4", "--temperature", "0.9", "--seed", "5", "--quiet"];
        var (code, stdout, err) = Run([.. common, "--out", outA]);
        Assert.True(code == 0, err);
        var preds = Predictions(outA);
        Assert.Equal(6, preds.Count);
        Assert.All(preds, p => Assert.InRange(p["new_tokens"]!.GetValue<int>(), 1, 6));
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outA, "summary.json")))!;
        Assert.Equal(JsonNode.Parse(stdout)!.ToJsonString(), summary.ToJsonString());

        // The corpus numbers are the metrics of the written hypotheses against the dataset's references.
        var hyps = preds.Select(p => p["hypothesis"]!.GetValue<string>()).ToList();
        var refs = preds.Select(p => (IReadOnlyList<string?>)p["references"]!.AsArray().Select(r => (string?)r!.GetValue<string>()).ToList()).ToList();
        Assert.Equal(2, refs[1].Count);
        foreach (var (metric, name) in new[] { ("chrf", "chrF2"), ("bleu", "BLEU"), ("ter", "TER"), ("rouge1", "rouge1"), ("meteor", "METEOR") })
        {
            Assert.Equal(CorpusMetrics.Score(metric, hyps, refs, new CorpusMetricSettings()).Score, summary["metrics"]![metric]!["score"]!.GetValue<double>(), 12);
            Assert.Equal(name, summary["metrics"]![metric]!["name"]!.GetValue<string>());
        }
        var sentence = new SentenceMetrics(new CorpusMetricSettings());
        Assert.Equal(sentence.Score("chrf", hyps[1], refs[1]), preds[1]["scores"]!["chrf"]!.GetValue<double>(), 12);

        // Same seed → same outputs; the comparison against an identical run is all ties.
        (code, stdout, err) = Run([.. common, "--out", outB, "--compare", outA, "--win-metric", "chrf"]);
        Assert.True(code == 0, err);
        Assert.Equal(hyps, Predictions(outB).Select(p => p["hypothesis"]!.GetValue<string>()));
        var cmp = JsonNode.Parse(stdout)!["compare"]!;
        Assert.Equal(6, cmp["ties"]!.GetValue<int>());
        Assert.Equal(0.5, cmp["win_rate"]!.GetValue<double>());

        // --compare with a model folder generates with model B; against a different model the counts cover every example.
        string other = TinyModel("other", 9);
        (code, stdout, err) = Run([.. common, "--compare", other, "--win-metric", "chrf"]);
        Assert.True(code == 0, err);
        cmp = JsonNode.Parse(stdout)!["compare"]!;
        Assert.Equal(6, cmp["wins"]!.GetValue<int>() + cmp["ties"]!.GetValue<int>() + cmp["losses"]!.GetValue<int>());
        // Against the same model folder with the same seed every example ties.
        (code, stdout, err) = Run([.. common, "--compare", model]);
        Assert.True(code == 0, err);
        Assert.Equal(6, JsonNode.Parse(stdout)!["compare"]!["ties"]!.GetValue<int>());
    }

    [Fact]
    public void PreferenceReportsImplicitRewardAccuracyAndMargin()
    {
        string policy = TinyModel("policy", 1);
        string reference = TinyModel("reference", 2);
        string data = Write("pairs.jsonl", Sentences.Take(5).Select((s, i) =>
            new JsonObject { ["prompt"] = s, ["chosen"] = Sentences[i + 1], ["rejected"] = Sentences[i + 2] }.ToJsonString()));
        string outDir = Path.Combine(_root, "pref");
        var (code, stdout, err) = Run("eval", "--model", policy, "--reference-model", reference, "--dataset", data, "--task", "preference",
            "--beta", "0.5", "--out", outDir, "--quiet");
        Assert.True(code == 0, err);
        var rows = Predictions(outDir);
        Assert.Equal(5, rows.Count);
        foreach (var r in rows)
        {
            double rc = 0.5 * (r["policy_chosen_logp"]!.GetValue<double>() - r["reference_chosen_logp"]!.GetValue<double>());
            Assert.Equal(rc, r["reward_chosen"]!.GetValue<double>(), 9);
            Assert.NotEqual(r["policy_chosen_logp"]!.GetValue<double>(), r["reference_chosen_logp"]!.GetValue<double>());
        }
        var summary = JsonNode.Parse(stdout)!;
        Assert.Equal(rows.Count(r => r["correct"]!.GetValue<bool>()) / 5.0, summary["rewards/accuracies"]!.GetValue<double>(), 12);
        Assert.Equal(rows.Average(r => r["margin"]!.GetValue<double>()), summary["rewards/margins"]!.GetValue<double>(), 9);

        // A policy evaluated against itself has zero rewards: margin 0, accuracy 0 (ties are not wins).
        (code, stdout, err) = Run("eval", "--model", policy, "--reference-model", policy, "--dataset", data, "--task", "preference", "--quiet");
        Assert.True(code == 0, err);
        summary = JsonNode.Parse(stdout)!;
        Assert.Equal(0.0, summary["rewards/margins"]!.GetValue<double>());
        Assert.Equal(0.0, summary["rewards/accuracies"]!.GetValue<double>());
    }

    [Fact]
    public void BadInputIsReportedPlainly()
    {
        string model = TinyModel("m", 1);
        string data = Write("bad.jsonl", ["{\"text\":\"no prompt here\"}"]);
        var (code, _, err) = Run("eval", "--model", model, "--dataset", data, "--task", "translation", "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("no prompt field", err);
        (code, _, err) = Run("eval", "--model", model, "--dataset", data, "--task", "preference", "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("needs a reference", err);
    }
}
