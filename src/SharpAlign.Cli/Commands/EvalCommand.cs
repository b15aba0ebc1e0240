using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharpAlign.Data;
using SharpAlign.Data.Tokenizing;
using SharpAlign.Evaluation.Generation;
using SharpAlign.Evaluation.Metrics;
using SharpAlign.Models;
using SharpAlign.Models.Generation;
using SharpAlign.Tokenization;
using SharpAlign.Tokenization.Templates;
using Spectre.Console;

namespace SharpAlign.Cli.Commands;

/// <summary>
/// <c>sharpalign eval --model DIR [--adapter DIR] --dataset FILE --task translation|summarization|preference
/// [--metrics chrf,bleu,…] [--out DIR] [--compare DIR]</c>: generation-based evaluation of a model
/// (or implicit-reward accuracy on preference pairs), per-example JSONL and a summary JSON.
/// </summary>
public sealed class EvalCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var model = new Option<string>("--model") { Description = "Hugging Face model folder.", Required = true };
        var adapter = new Option<string?>("--adapter") { Description = "PEFT LoRA adapter folder (for preference: the reference is the base model)." };
        var referenceModel = new Option<string?>("--reference-model") { Description = "Preference task: a separate reference model folder." };
        var tokenizerDir = new Option<string?>("--tokenizer") { Description = "Tokenizer folder (default: the model folder)." };
        var dataset = new Option<string>("--dataset") { Description = "JSONL (or JSON array) with prompt and reference fields; preference: a preference dataset.", Required = true };
        var task = new Option<string>("--task") { Description = "translation, summarization or preference.", Required = true };
        var metrics = new Option<string?>("--metrics") { Description = "Comma-separated metrics (default: translation chrf,bleu; summarization rouge1,rouge2,rougeLsum)." };
        var output = new Option<string?>("--out") { Description = "Folder for predictions.jsonl and summary.json." };
        var compare = new Option<string?>("--compare") { Description = "Model B for a win rate: its model folder (generated with the same settings) or the --out folder of an earlier eval run on the same dataset." };
        var winMetric = new Option<string?>("--win-metric") { Description = "Metric for --compare (default: the first metric)." };
        var promptField = new Option<string?>("--prompt-field") { Description = "Prompt field name (default: detected)." };
        var referenceField = new Option<string?>("--reference-field") { Description = "Reference field name (default: detected)." };
        var chat = new Option<string>("--chat-template") { Description = "auto (use the tokenizer folder's template when it has one), on, off.", DefaultValueFactory = _ => "auto" };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Tokens to generate at most.", DefaultValueFactory = _ => 128 };
        var temperature = new Option<float>("--temperature") { Description = "0 = greedy.", DefaultValueFactory = _ => 0f };
        var topK = new Option<int>("--top-k") { Description = "Top-k sampling (0 = off).", DefaultValueFactory = _ => 0 };
        var topP = new Option<float>("--top-p") { Description = "Nucleus sampling (1 = off).", DefaultValueFactory = _ => 1f };
        var seed = new Option<int>("--seed") { Description = "Sampling seed (batch b uses seed + b).", DefaultValueFactory = _ => 0 };
        var batchSize = new Option<int>("--batch-size") { Description = "Prompts generated together.", DefaultValueFactory = _ => 8 };
        var maxExamples = new Option<int?>("--max-examples") { Description = "Evaluate only the first N examples." };
        var beta = new Option<double>("--beta") { Description = "Preference task: β of the implicit reward.", DefaultValueFactory = _ => 0.1 };
        var tokenize = new Option<string>("--bleu-tokenize") { Description = "BLEU tokenizer.", DefaultValueFactory = _ => "13a" };
        var stem = new Option<bool>("--use-stemmer") { Description = "ROUGE: Porter stemming." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar." };
        var cmd = new Command("eval", "Evaluate a model: generate and score (translation, summarization) or implicit-reward accuracy (preference).");
        foreach (var o in new Option[] { model, adapter, referenceModel, tokenizerDir, dataset, task, metrics, output, compare, winMetric, promptField,
                     referenceField, chat, maxNew, temperature, topK, topP, seed, batchSize, maxExamples, beta, tokenize, stem, quiet })
            cmd.Options.Add(o);

        cmd.SetAction(pr =>
        {
            var stdout = pr.InvocationConfiguration.Output;
            try
            {
                var taskValue = pr.GetValue(task) switch
                {
                    "translation" => EvalTask.Translation,
                    "summarization" => EvalTask.Summarization,
                    "preference" => EvalTask.Preference,
                    var t => throw new InputException($"--task '{t}' is not one of translation, summarization, preference"),
                };
                string modelDir = pr.GetValue(model)!;
                var tokenizer = HuggingFaceTokenizer.FromDirectory(pr.GetValue(tokenizerDir) ?? modelDir);
                bool showProgress = !pr.GetValue(quiet);
                JsonObject summary = new()
                {
                    ["task"] = pr.GetValue(task), ["model"] = modelDir, ["adapter"] = pr.GetValue(adapter), ["dataset"] = pr.GetValue(dataset),
                };
                IEnumerable<JsonObject> rows;
                using var lm = CausalLM.Load(modelDir, pr.GetValue(adapter));
                if (taskValue == EvalTask.Preference)
                    rows = RunPreference(pr, lm, tokenizer, summary, showProgress, referenceModel, adapter, dataset, maxExamples, beta);
                else
                    rows = RunGeneration(pr, lm, tokenizer, taskValue, summary, showProgress);
                string text = summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
                if (pr.GetValue(output) is string outDir)
                {
                    EvalReportWriter.Write(outDir, rows, summary);
                    pr.InvocationConfiguration.Error.WriteLine($"wrote {Path.Combine(outDir, EvalReportWriter.PredictionsFile)} and {EvalReportWriter.SummaryFile}");
                }
                stdout.WriteLine(text);
                return 0;
            }
            catch (InputException e)
            {
                pr.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return cmd;

        IEnumerable<JsonObject> RunGeneration(ParseResult pr, CausalLM lm, ITokenizer tokenizer, EvalTask taskValue, JsonObject summary, bool showProgress)
        {
            var examples = GenerationDatasetReader.Read(pr.GetValue(dataset)!, pr.GetValue(promptField), pr.GetValue(referenceField));
            if (pr.GetValue(maxExamples) is int limit) examples = examples.Take(Math.Max(0, limit)).ToList();
            string metricText = pr.GetValue(metrics) ?? (taskValue == EvalTask.Translation ? "chrf,bleu" : "rouge1,rouge2,rougeLsum");
            var metricNames = metricText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var template = ChatTemplateFor(pr.GetValue(chat)!, pr.GetValue(tokenizerDir) ?? pr.GetValue(model)!);
            var options = new GenerationEvalOptions
            {
                Metrics = metricNames,
                BatchSize = pr.GetValue(batchSize),
                Sampling = new SamplingOptions
                {
                    MaxNewTokens = pr.GetValue(maxNew), Temperature = pr.GetValue(temperature), TopK = pr.GetValue(topK),
                    TopP = pr.GetValue(topP), Seed = pr.GetValue(seed), EosTokenIds = lm.Config.EosTokenIds,
                },
                MetricSettings = new CorpusMetricSettings
                {
                    Bleu = new BleuOptions { Tokenize = pr.GetValue(tokenize)! }, RougeUseStemmer = pr.GetValue(stem),
                },
            };
            var result = WithProgress(showProgress, "generating", examples.Count, p => GenerationEvaluator.Run(lm, tokenizer, template, examples, options, p));
            summary["examples"] = examples.Count;
            summary["chat_template"] = template is not null;
            summary["sampling"] = new JsonObject
            {
                ["max_new_tokens"] = options.Sampling.MaxNewTokens, ["temperature"] = options.Sampling.Temperature, ["top_k"] = options.Sampling.TopK,
                ["top_p"] = options.Sampling.TopP, ["seed"] = options.Sampling.Seed, ["batch_size"] = options.BatchSize,
            };
            summary["generation_seconds"] = result.Seconds;
            summary["generated_tokens"] = result.GeneratedTokens;
            var metricsJson = new JsonObject();
            foreach (var (key, c) in metricNames.Zip(result.Corpus))
            {
                var m = new JsonObject { ["name"] = c.Name, ["score"] = c.Score, ["line"] = c.Line };
                if (c.Signature is not null) m["signature"] = c.Signature;
                foreach (var (k, v) in c.Details) m[k] = v;
                metricsJson[key] = m;
            }
            summary["metrics"] = metricsJson;
            if (pr.GetValue(compare) is string other)
            {
                string wm = pr.GetValue(winMetric) ?? metricNames[0];
                if (!metricNames.Contains(wm)) throw new InputException($"--win-metric {wm} is not among --metrics {metricText}");
                List<double> theirs;
                if (!File.Exists(Path.Combine(other, EvalReportWriter.PredictionsFile)) && File.Exists(Path.Combine(other, "config.json")))
                {
                    // A model folder: generate with model B under the same settings (its own tokenizer when it has one).
                    var tokB = File.Exists(Path.Combine(other, "tokenizer.json")) ? HuggingFaceTokenizer.FromDirectory(other) : tokenizer;
                    var templateB = File.Exists(Path.Combine(other, "tokenizer.json")) ? ChatTemplateFor(pr.GetValue(chat)!, other) : template;
                    using var lmB = CausalLM.Load(other);
                    var resultB = WithProgress(showProgress, "generating (B)", examples.Count, p => GenerationEvaluator.Run(lmB, tokB, templateB, examples,
                        options with { Sampling = options.Sampling with { EosTokenIds = lmB.Config.EosTokenIds } }, p));
                    theirs = resultB.Predictions.Select(p => p.Scores[wm]).ToList();
                }
                else theirs = WinRate.ReadScores(other, wm);
                var win = WinRate.Compute(wm, result.Predictions.Select(p => p.Scores[wm]).ToList(), theirs);
                summary["compare"] = new JsonObject
                {
                    ["against"] = other, ["metric"] = wm, ["wins"] = win.Wins, ["ties"] = win.Ties, ["losses"] = win.Losses, ["win_rate"] = win.Rate,
                };
            }
            return result.Predictions.Select(EvalReportWriter.ToJson);
        }
    }

    private static IEnumerable<JsonObject> RunPreference(ParseResult pr, CausalLM lm, ITokenizer tokenizer, JsonObject summary, bool showProgress,
        Option<string?> referenceModel, Option<string?> adapter, Option<string> dataset, Option<int?> maxExamples, Option<double> beta)
    {
        string? refDir = pr.GetValue(referenceModel);
        if (refDir is null && pr.GetValue(adapter) is null)
            throw new InputException("--task preference needs a reference: give --adapter (the reference is the base model) or --reference-model DIR");
        var data = new PreferenceDataset(new DatasetOptions { Path = pr.GetValue(dataset)! });
        var pairs = data.Tokenized(new PreferenceTokenizer(tokenizer, null, new TokenizationOptions())).Where(p => p.IsPair).ToList();
        if (pr.GetValue(maxExamples) is int limit) pairs = pairs.Take(Math.Max(0, limit)).ToList();
        using var reference = refDir is null ? null : CausalLM.Load(refDir);
        var (rewards, s) = WithProgress(showProgress, "scoring pairs", pairs.Count, p => ImplicitRewardEvaluator.Run(lm, reference, pairs, pr.GetValue(beta), p));
        summary["reference"] = refDir ?? "base model (adapters off)";
        summary["pairs"] = s.Pairs;
        summary["beta"] = s.Beta;
        summary["rewards/accuracies"] = s.Accuracy;
        summary["rewards/margins"] = s.MeanMargin;
        summary["rewards/chosen"] = s.MeanRewardChosen;
        summary["rewards/rejected"] = s.MeanRewardRejected;
        return rewards.Select(EvalReportWriter.ToJson).ToList();
    }

    private static ChatTemplate? ChatTemplateFor(string mode, string tokenizerDir)
    {
        switch (mode)
        {
            case "off": return null;
            case "on": return ChatTemplateFiles.Load(tokenizerDir);
            case "auto":
                bool has = File.Exists(Path.Combine(tokenizerDir, "chat_template.jinja"));
                string config = Path.Combine(tokenizerDir, "tokenizer_config.json");
                if (!has && File.Exists(config))
                {
                    try
                    {
                        using var doc = JsonDocument.Parse(File.ReadAllText(config));
                        has = doc.RootElement.TryGetProperty("chat_template", out var t) && t.ValueKind != JsonValueKind.Null;
                    }
                    catch (JsonException e) { throw new InputException($"{config}: not valid JSON: {e.Message}", e); }
                }
                return has ? ChatTemplateFiles.Load(tokenizerDir) : null;
            default: throw new InputException($"--chat-template '{mode}' is not one of auto, on, off");
        }
    }

    private static T WithProgress<T>(bool show, string label, int total, Func<IProgress<int>?, T> work)
    {
        if (!show || total == 0 || Console.IsOutputRedirected) return work(null);
        T result = default!;
        AnsiConsole.Progress().AutoClear(true).Start(ctx =>
        {
            var bar = ctx.AddTask(label, maxValue: total);
            result = work(new Progress<int>(done => bar.Value = done));
        });
        return result;
    }
}
