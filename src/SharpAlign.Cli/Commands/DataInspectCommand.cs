using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using SharpAlign.Data;
using SharpAlign.Data.Batching;
using SharpAlign.Data.Schema;
using SharpAlign.Data.Tokenizing;
using SharpAlign.Tokenization;

namespace SharpAlign.Cli.Commands;

/// <summary><c>sharpalign data inspect</c>: read, validate and tokenize a preference dataset and print one JSON report.</summary>
public sealed class DataInspectCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "data";

    /// <inheritdoc />
    public Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "A .jsonl/.json/.csv/.tsv file (optionally .gz) or a Hub-style folder", Required = true };
        var split = new Option<string>("--split") { Description = "Split to read from a folder", DefaultValueFactory = _ => "train" };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "Tokenizer folder (tokenizer.json, tokenizer_config.json); enables token statistics" };
        var format = new Option<string>("--format") { Description = "auto, standard, conversational, implicit_prompt, unpaired or pretokenized", DefaultValueFactory = _ => "auto" };
        var maxLength = new Option<int?>("--max-length") { Description = "Max tokens of [prompt ‖ completion]" };
        var maxPrompt = new Option<int?>("--max-prompt-length") { Description = "Max prompt tokens (keeps the last ones)" };
        var maxCompletion = new Option<int?>("--max-completion-length") { Description = "Max tokens per completion (keeps the first ones)" };
        var mode = new Option<string>("--truncation-mode") { Description = "keep_start (default) or keep_end", DefaultValueFactory = _ => "keep_start" };
        var rule = new Option<string>("--tokenization") { Description = "trl (TRL-new joint rule, default) or trl-legacy (separate, no BOS)", DefaultValueFactory = _ => "trl" };
        var skip = new Option<bool>("--skip-invalid") { Description = "Skip invalid rows and count them by reason instead of stopping at the first" };
        var columns = new Option<string[]>("--column") { Description = "Column mapping FIELD=COLUMN, e.g. prompt=question (repeatable)", AllowMultipleArgumentsPerToken = true };
        var count = new Option<int>("--examples") { Description = "How many examples to render", DefaultValueFactory = _ => 3 };
        var batchTokens = new Option<int>("--batch-tokens") { Description = "Token budget per micro-batch, for the micro-batch counts", DefaultValueFactory = _ => 4096 };
        var batchExamples = new Option<int?>("--batch-examples") { Description = "Most pairs per micro-batch, for the micro-batch counts" };

        var cmd = new Command("inspect", "Read, validate and tokenize a preference dataset; print counts, drop reasons, token-length statistics and a few examples as one JSON object.");
        foreach (var o in new Option[] { dataset, split, tokenizer, format, maxLength, maxPrompt, maxCompletion, mode, rule, skip, columns, count, batchTokens, batchExamples }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            try
            {
                var options = new DatasetOptions
                {
                    Path = pr.GetValue(dataset)!,
                    Split = pr.GetValue(split)!,
                    Format = DatasetFormatNames.Parse(pr.GetValue(format)!),
                    Columns = ColumnMap.Parse(pr.GetValue(columns) ?? []),
                    SkipInvalid = pr.GetValue(skip),
                };
                var tokenization = new TokenizationOptions
                {
                    MaxLength = pr.GetValue(maxLength),
                    MaxPromptLength = pr.GetValue(maxPrompt),
                    MaxCompletionLength = pr.GetValue(maxCompletion),
                    TruncationMode = ParseMode(pr.GetValue(mode)!),
                    Rule = ParseRule(pr.GetValue(rule)!),
                };
                var (tok, renderer) = TokenizerLoader.Load(pr.GetValue(tokenizer));
                var batching = new BatchingOptions { MaxTokens = pr.GetValue(batchTokens), MaxExamples = pr.GetValue(batchExamples) };
                var report = DatasetInspector.Inspect(options, tok, renderer, tokenization, pr.GetValue(count), batching);
                Console.WriteLine(ToJson(report, options, batching, pr.GetValue(tokenizer), tok, renderer));
                return 0;
            }
            catch (InputException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }

    private static TruncationMode ParseMode(string s) => s.Replace('-', '_').ToLowerInvariant() switch
    {
        "keep_start" => TruncationMode.KeepStart,
        "keep_end" => TruncationMode.KeepEnd,
        _ => throw new InputException($"--truncation-mode: expected keep_start or keep_end, got '{s}'"),
    };

    private static TokenizationRule ParseRule(string s) => s.Replace('_', '-').ToLowerInvariant() switch
    {
        "trl" => TokenizationRule.TrlJoint,
        "trl-legacy" => TokenizationRule.TrlLegacySeparate,
        _ => throw new InputException($"--tokenization: expected trl or trl-legacy, got '{s}'"),
    };

    private static string ToJson(DatasetReport r, DatasetOptions o, BatchingOptions batching, string? tokenizer, ITokenizer? tok, IChatRenderer? renderer)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var s = r.Stats;
            w.WriteStartObject();
            w.WriteString("dataset", o.Path);
            w.WriteString("split", o.Split);
            w.WriteStartArray("files");
            foreach (var f in s.Files) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WriteString("format", s.Format.Name());
            w.WriteString("content", s.Content);
            w.WriteStartArray("ignored_columns");
            foreach (var c in s.IgnoredColumns) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteString("tokenizer", tokenizer);
            if (tok is not null)
            {
                w.WriteString("bos_token", tok.BosToken);
                w.WriteString("eos_token", tok.EosToken);
                w.WriteBoolean("chat_template", renderer is not null);
            }
            w.WriteNumber("rows_read", s.RowsRead);
            w.WriteNumber("rows_valid", s.RowsValid);
            WriteCounts(w, "rows_invalid", s.Invalid);
            WriteCounts(w, "rows_dropped", s.Dropped);
            w.WriteStartArray("first_problems");
            foreach (var p in s.FirstProblems) w.WriteStringValue(p);
            w.WriteEndArray();
            w.WriteStartObject("token_lengths");
            foreach (var (field, l) in r.TokenLengths.OrderBy(kv => FieldOrder(kv.Key)))
            {
                w.WriteStartObject(field);
                w.WriteNumber("min", l.Min); w.WriteNumber("median", l.Median); w.WriteNumber("p95", l.P95); w.WriteNumber("max", l.Max);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteNumber("tokens_prefix_shared", r.SharedTokens);
            w.WriteNumber("tokens_plain", r.PlainTokens);
            if (r.PrefixSharingSaves is double saves) w.WriteNumber("prefix_sharing_saves", Math.Round(saves, 4)); else w.WriteNull("prefix_sharing_saves");
            if (r.MicroBatches is (int sharedBatches, int plainBatches))
            {
                w.WriteStartObject("micro_batches");
                w.WriteNumber("token_budget", batching.MaxTokens ?? 0);
                w.WriteNumber("prefix_shared", sharedBatches);
                w.WriteNumber("plain", plainBatches);
                w.WriteEndObject();
            }
            if (r.Tokenization is { } t)
            {
                w.WriteStartObject("tokenization");
                w.WriteNumber("boundary_merges", t.BoundaryMerges);
                w.WriteNumber("doubled_bos_removed", t.DoubledBosRemoved);
                w.WriteNumber("eos_text_not_eos_id", t.EosTextNotEosId);
                w.WriteNumber("prompts_truncated", t.PromptsTruncated);
                w.WriteNumber("completions_truncated", t.CompletionsTruncated);
                w.WriteEndObject();
            }
            w.WriteString("boundary_marker", DatasetInspector.Boundary);
            w.WriteStartArray("examples");
            foreach (var e in r.Examples)
            {
                w.WriteStartObject();
                w.WriteString("source", e.Source);
                foreach (var (k, v) in e.Sequences) w.WriteString(k, v);
                if (e.TokenCounts is not null)
                {
                    w.WriteStartObject("tokens");
                    foreach (var (k, v) in e.TokenCounts) w.WriteNumber(k, v);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("seconds", Math.Round(r.Seconds, 3));
            w.WriteNumber("rows_per_second", Math.Round(r.RowsPerSecond, 1));
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static int FieldOrder(string field) => Array.IndexOf(["prompt", "chosen", "rejected", "completion", "best_response"], field);

    private static void WriteCounts(Utf8JsonWriter w, string name, SortedDictionary<string, long> counts)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in counts) w.WriteNumber(k, v);
        w.WriteEndObject();
    }
}
