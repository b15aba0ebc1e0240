using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SharpAlign.Models;
using SharpAlign.Models.IO;
using SharpAlign.Tokenization;
using SharpAlign.Tokenization.Training;
using SharpAlign.Training;
using SharpAlign.Training.Config;

namespace SharpAlign.Demo;

/// <summary>
/// The demo experiment, stage by stage, every artifact in <see cref="DemoOptions.OutDir"/>:
/// (a) a review corpus from <see cref="ReviewGenerator"/>; (b) a byte-level BPE tokenizer
/// (<see cref="BpeTrainer"/>); (c) a tiny Llama trained from scratch with the SFT trainer, saved as a
/// Hugging Face folder; (d) preference pairs sampled from it (<see cref="PreferencePairBuilder"/>);
/// (e) preference training, one run per loss and β (full fine-tuning: the model is tiny);
/// (f) held-out evaluation (<see cref="PolicyEvaluator"/>); (g) <c>report.html</c> and <c>summary.json</c>
/// (<see cref="DemoReport"/>). A stage whose folder holds a matching <see cref="StageCache"/> marker is skipped.
/// </summary>
public sealed class DemoPipeline
{
    private readonly DemoOptions _o;
    private readonly Action<string> _log;

    /// <summary>Creates the pipeline; <paramref name="log"/> receives one plain line per stage event.</summary>
    public DemoPipeline(DemoOptions options, Action<string> log)
    {
        options.Validate();
        _o = options;
        _log = log;
    }

    private string Dir(params string[] parts) => Path.Combine([_o.OutDir, .. parts]);

    /// <summary>Runs every stage (skipping cached ones) and returns the summary also written to summary.json.</summary>
    public DemoSummary Run(CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(_o.OutDir);
        string corpusKey = Corpus();
        cancel.ThrowIfCancellationRequested();
        string tokKey = Tokenizer(corpusKey);
        cancel.ThrowIfCancellationRequested();
        var (sftKey, sftSeconds) = Sft(tokKey, cancel);
        cancel.ThrowIfCancellationRequested();
        var (pairsKey, pairCount) = Pairs(sftKey);
        var trained = new List<(DemoRun Run, string Key, double Seconds)>();
        foreach (var run in _o.Runs)
        {
            cancel.ThrowIfCancellationRequested();
            var (key, seconds) = Preference(run, pairsKey, cancel);
            trained.Add((run, key, seconds));
        }
        cancel.ThrowIfCancellationRequested();
        var before = Evaluate("sft", Dir("sft", "model"), sftKey);
        var after = trained.Select(t => Evaluate(t.Run.Name, Dir("runs", t.Run.Name), t.Key)).ToList();
        var summary = new DemoSummary
        {
            Seed = _o.Seed,
            Pairs = pairCount,
            EvalSamples = _o.EvalPrompts * _o.EvalSamplesPerPrompt,
            EvalSamplesPerPrompt = _o.EvalSamplesPerPrompt,
            SftMeanTokens = before.MeanTokens,
            SftTrainSeconds = sftSeconds,
            Runs = trained.Select((t, i) => new DemoRunSummary
            {
                Name = t.Run.Name,
                LossType = t.Run.LossType,
                Beta = t.Run.Beta,
                RewardBefore = before.Reward,
                RewardBeforeStdError = before.RewardStdError,
                RewardAfter = after[i].Reward,
                RewardAfterStdError = after[i].RewardStdError,
                Kl = after[i].Kl,
                KlStdError = after[i].KlStdError,
                FluencyBefore = before.Fluency,
                FluencyAfter = after[i].Fluency,
                MeanTokensAfter = after[i].MeanTokens,
                TrainSeconds = t.Seconds,
            }).ToList(),
            ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        };
        _log("[g] report");
        DemoReport.Write(_o.OutDir, summary, before, after, _o.Runs.Select(r => Dir("runs", r.Name, "metrics.jsonl")).ToList());
        _log($"[g] wrote {Dir("report.html")} and {Dir("summary.json")}");
        _log($"done in {clock.Elapsed.TotalSeconds:F1} s");
        return summary;
    }

    private string Corpus()
    {
        string dir = Dir("corpus");
        string key = StageCache.Key("corpus", _o.Seed, _o.CorpusSize);
        if (StageCache.IsDone(dir, key)) { _log("[a] corpus: cached"); return key; }
        var clock = Stopwatch.StartNew();
        StageCache.Reset(dir);
        var train = new ReviewGenerator(_o.Seed);
        var reviews = Enumerable.Range(0, _o.CorpusSize).Select(_ => train.Next()).ToList();
        File.WriteAllLines(Path.Combine(dir, "corpus.txt"), reviews.Select(r => r.Text));
        File.WriteAllLines(Path.Combine(dir, "sft.jsonl"), reviews.Select(r => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["prompt"] = r.Prompt,
            ["completion"] = " " + r.Completion,
            ["label"] = true,
        })));
        double neutral = reviews.Average(r => SentimentReward.Score(r.Completion));
        StageCache.Complete(dir, key);
        _log($"[a] corpus: {reviews.Count} reviews, mean completion reward {neutral:+0.000;-0.000} ({clock.Elapsed.TotalSeconds:F1} s)");
        return key;
    }

    private string Tokenizer(string corpusKey)
    {
        string dir = Dir("tokenizer");
        string key = StageCache.Key("tokenizer", corpusKey, _o.VocabSize);
        if (StageCache.IsDone(dir, key)) { _log("[b] tokenizer: cached"); return key; }
        var clock = Stopwatch.StartNew();
        StageCache.Reset(dir);
        var bpe = BpeTrainer.Train(File.ReadLines(Dir("corpus", "corpus.txt")), new BpeTrainerOptions(VocabSize: _o.VocabSize));
        BpeTrainer.Save(bpe, dir);
        StageCache.Complete(dir, key);
        _log($"[b] tokenizer: byte-level BPE, {bpe.Vocabulary.Count} tokens ({bpe.Merges.Count} merges) → {dir} ({clock.Elapsed.TotalSeconds:F1} s)");
        return key;
    }

    private (string Key, double Seconds) Sft(string tokKey, CancellationToken cancel)
    {
        string dir = Dir("sft");
        string key = StageCache.Key("sft", tokKey, _o.HiddenSize, _o.NumLayers, _o.NumHeads, _o.IntermediateSize, _o.SftSteps, _o.SftBatchSize, _o.SftLearningRate);
        if (StageCache.IsDone(dir, key)) { _log("[c] SFT model: cached"); return (key, ReadSeconds(dir)); }
        StageCache.Reset(dir);
        string init = Path.Combine(dir, "init");
        int vocab = HuggingFaceTokenizer.FromDirectory(Dir("tokenizer")).VocabSize;
        var config = RandomCheckpoint.CreateConfig("llama", "tiny", new RandomModelSizes(HiddenSize: _o.HiddenSize, NumLayers: _o.NumLayers,
            NumHeads: _o.NumHeads, NumKvHeads: _o.NumHeads / 2, IntermediateSize: _o.IntermediateSize, VocabSize: vocab));
        RandomCheckpoint.Write(init, config, _o.Seed, SafetensorsDtype.F32);
        foreach (var f in Directory.GetFiles(Dir("tokenizer"))) if (!Path.GetFileName(f).StartsWith('.')) File.Copy(f, Path.Combine(init, Path.GetFileName(f)));
        _log($"[c] SFT: random Llama (hidden {_o.HiddenSize}, {_o.NumLayers} layers, vocab {vocab}), {_o.SftSteps} steps × {_o.SftBatchSize} reviews");
        var c = Config($"""
            trainer: sft
            model_name_or_path: {init}
            dataset_path: {Dir("corpus", "sft.jsonl")}
            output_dir: {Path.Combine(dir, "model")}
            learning_rate: {F(_o.SftLearningRate)}
            per_device_train_batch_size: {_o.SftBatchSize}
            max_steps: {_o.SftSteps}
            warmup_ratio: 0.05
            logging_steps: {Math.Max(1, _o.SftSteps / 30)}
            """);
        double seconds = Train(c, "[c] SFT", cancel);
        File.WriteAllText(Path.Combine(dir, "train_seconds.txt"), F(seconds));
        StageCache.Complete(dir, key);
        return (key, seconds);
    }

    private (string Key, int Count) Pairs(string sftKey)
    {
        string dir = Dir("pairs");
        string key = StageCache.Key("pairs", sftKey, _o.PairPrompts, _o.SamplesPerPrompt, _o.MaxNewTokens);
        string path = Path.Combine(dir, "pairs.jsonl");
        if (StageCache.IsDone(dir, key)) { _log("[d] preference pairs: cached"); return (key, File.ReadLines(path).Count()); }
        var clock = Stopwatch.StartNew();
        StageCache.Reset(dir);
        using var sft = CausalLM.Load(Dir("sft", "model"));
        var tok = HuggingFaceTokenizer.FromDirectory(Dir("sft", "model"));
        var prompts = Prompts(_o.Seed + 1_000_003, _o.PairPrompts);
        File.WriteAllLines(Path.Combine(dir, "prompts.txt"), prompts);
        var pairs = PreferencePairBuilder.Build(sft, tok, prompts, _o.SamplesPerPrompt, _o.MaxNewTokens, _o.Seed);
        if (pairs.Count == 0) throw new InvalidOperationException("every prompt's samples tied in reward: no preference pairs (the SFT model is degenerate)");
        PreferencePairBuilder.Write(pairs, path);
        StageCache.Complete(dir, key);
        _log($"[d] preference pairs: {pairs.Count} of {prompts.Length} prompts ({prompts.Length - pairs.Count} ties skipped), " +
             $"{_o.SamplesPerPrompt} samples each; chosen reward {pairs.Average(p => p.Chosen.Reward):+0.00;-0.00}, rejected {pairs.Average(p => p.Rejected.Reward):+0.00;-0.00} ({clock.Elapsed.TotalSeconds:F1} s)");
        return (key, pairs.Count);
    }

    private (string Key, double Seconds) Preference(DemoRun run, string pairsKey, CancellationToken cancel)
    {
        string dir = Dir("runs", run.Name);
        string key = StageCache.Key("run", pairsKey, run.LossType, run.Beta, _o.PreferenceSteps, _o.PreferenceBatchSize, _o.PreferenceLearningRate);
        if (StageCache.IsDone(dir, key)) { _log($"[e] {run.Name}: cached"); return (key, ReadSeconds(dir)); }
        StageCache.Reset(dir);
        _log($"[e] {run.Name}: loss_type {run.LossType}, β {F(run.Beta)}, {_o.PreferenceSteps} steps × {_o.PreferenceBatchSize} pairs (full fine-tuning)");
        var c = Config($"""
            trainer: dpo
            model_name_or_path: {Dir("sft", "model")}
            dataset_path: {Dir("pairs", "pairs.jsonl")}
            output_dir: {dir}
            loss_type: {run.LossType}
            beta: {F(run.Beta)}
            learning_rate: {F(_o.PreferenceLearningRate)}
            per_device_train_batch_size: {_o.PreferenceBatchSize}
            max_steps: {_o.PreferenceSteps}
            warmup_ratio: 0.1
            logging_steps: {Math.Max(1, _o.PreferenceSteps / 30)}
            """);
        double seconds = Train(c, $"[e] {run.Name}", cancel);
        File.WriteAllText(Path.Combine(dir, "train_seconds.txt"), F(seconds));
        StageCache.Complete(dir, key);
        return (key, seconds);
    }

    private PolicyEvaluation Evaluate(string name, string modelDir, string modelKey)
    {
        string dir = Dir("eval");
        Directory.CreateDirectory(dir);
        string key = StageCache.Key("eval", modelKey, _o.EvalPrompts, _o.EvalSamplesPerPrompt, _o.MaxNewTokens, _o.ReportSamples);
        string path = Path.Combine(dir, name + ".json");
        if (File.Exists(path) && JsonSerializer.Deserialize<CachedEvaluation>(File.ReadAllText(path)) is { } cached && cached.Key == key)
        {
            _log($"[f] evaluation {name}: cached");
            return cached.Result;
        }
        var clock = Stopwatch.StartNew();
        var prompts = Prompts(_o.Seed + 2_000_003, _o.EvalPrompts);
        File.WriteAllLines(Path.Combine(dir, "prompts.txt"), prompts);
        var tok = HuggingFaceTokenizer.FromDirectory(Dir("sft", "model"));
        using var sft = CausalLM.Load(Dir("sft", "model"));
        using var policy = name == "sft" ? null : CausalLM.Load(modelDir);
        var result = PolicyEvaluator.Evaluate(policy ?? sft, sft, tok, prompts, _o.EvalSamplesPerPrompt, _o.MaxNewTokens, _o.Seed + 17);
        var kept = result with { Samples = result.Samples.Take(_o.ReportSamples * _o.EvalSamplesPerPrompt).ToList() };
        File.WriteAllText(path, JsonSerializer.Serialize(new CachedEvaluation(key, kept)));
        _log($"[f] evaluation {name}: reward {result.Reward:+0.000;-0.000} ± {result.RewardStdError:0.000}, KL {result.Kl:0.00} ± {result.KlStdError:0.00} nats, " +
             $"fluency {result.Fluency:P1}, {result.MeanTokens:0.0} tokens ({clock.Elapsed.TotalSeconds:F1} s)");
        return kept;
    }

    /// <summary>Prompts of fresh reviews from their own seed: the pair prompts and the held-out prompts never overlap the corpus's stream.</summary>
    private static string[] Prompts(int seed, int count)
    {
        var gen = new ReviewGenerator(seed);
        return Enumerable.Range(0, count).Select(_ => gen.Next().Prompt).ToArray();
    }

    private sealed record CachedEvaluation(string Key, PolicyEvaluation Result);

    private TrainingConfig Config(string yaml)
    {
        string common = $"seed: {_o.Seed}\nsave_strategy: no\ntorch_dtype: float32\nlr_scheduler_type: linear\n";
        return ConfigReader.ReadText(yaml + "\n" + common, "demo.yaml").Config;
    }

    private double Train(TrainingConfig c, string label, CancellationToken cancel)
    {
        using var trainer = TrainerBuilder.Build(c);
        int every = Math.Max(1, trainer.TotalSteps / 5);
        var progress = new LineProgress(p =>
        {
            if (p.Message is null && p.Step % every != 0 && p.Step != p.TotalSteps) return;
            string acc = p.RewardAccuracy is double a ? $", reward accuracy {a:0.00}" : "";
            _log($"{label}: step {p.Step}/{p.TotalSteps}, loss {p.Loss:0.0000}{acc}, {p.Elapsed.TotalSeconds:F1} s" + (p.Message is { } m ? $" ({m})" : ""));
        });
        var result = trainer.Train(cancel, progress);
        cancel.ThrowIfCancellationRequested();
        return Math.Round(result.TrainSeconds, 2);
    }

    private static double ReadSeconds(string dir)
    {
        string path = Path.Combine(dir, "train_seconds.txt");
        return File.Exists(path) && double.TryParse(File.ReadAllText(path), CultureInfo.InvariantCulture, out double s) ? s : 0;
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private sealed class LineProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
