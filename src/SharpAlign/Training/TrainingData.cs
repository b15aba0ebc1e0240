using SharpAlign.Data;
using SharpAlign.Data.Schema;
using SharpAlign.Data.Tokenizing;
using SharpAlign.Training.Config;

namespace SharpAlign.Training;

/// <summary>
/// The tokenized training and evaluation examples of a run: <c>dataset_path</c> (its train split),
/// or alignment-handbook's <c>dataset_mixer</c> (each path's train split cut to its fraction, in
/// file order; its test split, when <c>dataset_splits</c> names one, becomes the evaluation set),
/// plus <c>eval_dataset_path</c>. For the SFT trainer every example becomes prompt + chosen.
/// </summary>
public sealed class TrainingData
{
    /// <summary>Training examples, in dataset order (the epoch planner shuffles).</summary>
    public required IReadOnlyList<TokenizedExample> Train { get; init; }
    /// <summary>Evaluation examples (may be empty).</summary>
    public required IReadOnlyList<TokenizedExample> Eval { get; init; }
    /// <summary>The files read, for cache keys.</summary>
    public required IReadOnlyList<string> Paths { get; init; }
    /// <summary>One line per dataset read: rows, valid, dropped and invalid by reason.</summary>
    public required IReadOnlyList<string> Summary { get; init; }

    /// <summary>Reads and tokenizes everything the config names.</summary>
    public static TrainingData Load(TrainingConfig c, PreferenceTokenizer tokenizer)
    {
        var summary = new List<string>();
        var paths = new List<string>();
        var train = new List<TokenizedExample>();
        var eval = new List<TokenizedExample>();
        var mixer = c.DatasetMixer.Count > 0 ? c.DatasetMixer
            : c.DatasetPath is { } p ? new Dictionary<string, double> { [p] = 1.0 }
            : throw new InputException("the config names no data: set `dataset_path` (or alignment-handbook's `dataset_mixer`)");
        foreach (var (path, fraction) in mixer)
        {
            if (fraction is <= 0 or > 1) throw new InputException($"dataset_mixer: fraction {fraction} for {path} must be in (0, 1]");
            paths.Add(path);
            var all = Read(path, "train", c, tokenizer, summary);
            train.AddRange(all.Take(Math.Max(1, (int)(fraction * all.Count))));
            if (c.DatasetMixer.Count > 0 && c.DatasetSplits.Contains("test") && Directory.Exists(path) && HasSplit(path, "test"))
                eval.AddRange(Read(path, "test", c, tokenizer, summary));
        }
        if (c.EvalDatasetPath is { } e)
        {
            paths.Add(e);
            eval.AddRange(Read(e, Directory.Exists(e) ? "test" : "train", c, tokenizer, summary));
        }
        if (train.Count == 0) throw new InputException($"no usable training examples in {string.Join(", ", paths)}");
        if (c.Trainer == TrainerKind.Sft)
        {
            train = train.Select(AsCompletion).ToList();
            eval = eval.Select(AsCompletion).ToList();
        }
        return new TrainingData { Train = train, Eval = eval, Paths = paths, Summary = summary };
    }

    private static bool HasSplit(string dir, string split) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Any(f => Path.GetFileName(f).StartsWith(split, StringComparison.OrdinalIgnoreCase));

    private static List<TokenizedExample> Read(string path, string split, TrainingConfig c, PreferenceTokenizer tokenizer, List<string> summary)
    {
        var ds = new PreferenceDataset(new DatasetOptions
        {
            Path = path,
            Split = split,
            Format = c.DatasetFormat is { } f ? DatasetFormatNames.Parse(f) : DatasetFormat.Auto,
            Columns = ColumnMap.Parse(c.DatasetColumns.Select(kv => $"{kv.Key}={kv.Value}")),
            SkipInvalid = c.SkipInvalid,
        });
        var list = ds.Tokenized(tokenizer).ToList();
        var s = ds.Stats;
        string Reasons(SortedDictionary<string, long> d) => d.Count == 0 ? "none" : string.Join(", ", d.Select(kv => $"{kv.Key} {kv.Value}"));
        summary.Add($"{path} [{split}]: {s.RowsRead} rows read ({s.Format.Name()}), {list.Count} used; dropped: {Reasons(s.Dropped)}; invalid: {Reasons(s.Invalid)}");
        return list;
    }

    private static TokenizedExample AsCompletion(TokenizedExample e) => new()
    {
        Origin = e.Origin,
        Prompt = e.Prompt,
        Chosen = e.Chosen,
        Weight = e.Weight,
    };
}
