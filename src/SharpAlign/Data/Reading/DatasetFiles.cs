using System.IO.Compression;

namespace SharpAlign.Data.Reading;

/// <summary>
/// Opens a dataset path: a single file (.jsonl, .json, .csv, .tsv, each optionally .gz) or a
/// Hub-style folder whose files are assigned to splits by name (<c>train-00000-of-00001.jsonl</c>,
/// <c>data/train.json</c>, <c>helpful-base/test.jsonl.gz</c>, <c>test_prefs.csv</c>).
/// </summary>
public static class DatasetFiles
{
    private static readonly string[] Readable = [".jsonl", ".json", ".csv", ".tsv"];

    /// <summary>Split names recognised in file and folder names, and the aliases that map to them.</summary>
    private static readonly (string Split, string[] Words)[] SplitWords =
    [
        ("train", ["train", "training"]),
        ("test", ["test", "testing", "eval"]),
        ("validation", ["validation", "valid", "val", "dev"]),
    ];

    /// <summary>The files that make up <paramref name="split"/> of the dataset at <paramref name="path"/>, in a stable order.</summary>
    public static IReadOnlyList<string> Resolve(string path, string split = "train")
    {
        if (File.Exists(path)) { CheckReadable(path); return [path]; }
        if (!Directory.Exists(path)) throw new InputException($"dataset '{path}' not found (expected a file or a folder)");
        var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var unsupported = files.FirstOrDefault(f => f.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".arrow", StringComparison.OrdinalIgnoreCase));
        var data = files.Where(IsDataFile).ToList();
        if (data.Count == 0)
        {
            if (unsupported is not null) CheckReadable(unsupported);
            throw new InputException($"folder '{path}' holds no data files (.jsonl, .json, .csv, .tsv, optionally .gz)");
        }
        var bySplit = data.GroupBy(f => SplitOf(Path.GetRelativePath(path, f))).ToDictionary(g => g.Key ?? "", g => g.ToList());
        if (bySplit.Count == 1 && bySplit.ContainsKey("")) return split == "train" ? bySplit[""]
            : throw new InputException($"folder '{path}' has no file named for split '{split}' (all files are treated as 'train')");
        if (bySplit.TryGetValue("", out var unnamed))
            throw new InputException($"folder '{path}': cannot tell the split of {string.Join(", ", unnamed.Select(f => Path.GetRelativePath(path, f)))} " +
                "(other files are named by split; put 'train', 'test' or 'validation' in the name)");
        if (!bySplit.TryGetValue(split, out var chosen))
            throw new InputException($"folder '{path}' has no '{split}' split; found: {string.Join(", ", bySplit.Keys.Order())}");
        return chosen;
    }

    /// <summary>The split names present in the folder (or "train" for a single file).</summary>
    public static IReadOnlyList<string> Splits(string path) =>
        File.Exists(path) ? ["train"] :
        Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(IsDataFile)
            .Select(f => SplitOf(Path.GetRelativePath(path, f)) ?? "train").Distinct().Order().ToList();

    /// <summary>Streams the rows of one file, choosing the reader by extension and decompressing .gz.</summary>
    public static IEnumerable<RawRow> ReadRows(string file)
    {
        CheckReadable(file);
        string kind = Kind(file);
        Func<Stream> open = () => Open(file);
        return kind switch
        {
            ".jsonl" => JsonLinesReader.Read(open(), file),
            ".json" => JsonArrayReader.Read(open, file),
            ".csv" => CsvReader.Read(open(), file, ','),
            _ => CsvReader.Read(open(), file, '\t'),
        };
    }

    /// <summary>Streams the rows of every file of a split, one file after another.</summary>
    public static IEnumerable<RawRow> ReadRows(IEnumerable<string> files) => files.SelectMany(ReadRows);

    private static Stream Open(string file)
    {
        Stream s = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(s, CompressionMode.Decompress) : s;
    }

    /// <summary>The format extension (".jsonl", ".json", ".csv", ".tsv"), ignoring a trailing ".gz".</summary>
    private static string Kind(string file)
    {
        string name = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? file[..^3] : file;
        return Path.GetExtension(name).ToLowerInvariant();
    }

    private static bool IsDataFile(string file) =>
        Readable.Contains(Kind(file)) && !MetadataNames.Contains(Path.GetFileName(file));

    /// <summary>JSON files the datasets library writes next to the data, which hold no rows.</summary>
    private static readonly HashSet<string> MetadataNames = ["dataset_info.json", "state.json", "dataset_dict.json", "dataset_infos.json"];

    private static void CheckReadable(string file)
    {
        string kind = Kind(file);
        if (kind == ".parquet")
            throw new InputException($"{file}: Parquet is not supported by SharpAlign (out of scope); convert it to JSON Lines first, e.g. " +
                "python -c \"import pandas as pd; pd.read_parquet('FILE.parquet').to_json('FILE.jsonl', orient='records', lines=True, force_ascii=False)\" " +
                "or datasets.load_dataset(...)['train'].to_json('train.jsonl')");
        if (kind == ".arrow")
            throw new InputException($"{file}: Arrow files (datasets save_to_disk) are not supported; export with dataset.to_json('train.jsonl') instead");
        if (!Readable.Contains(kind))
            throw new InputException($"{file}: unknown dataset file type '{kind}'; expected .jsonl, .json, .csv or .tsv (optionally .gz)");
    }

    /// <summary>The split a relative path names, or null: a split word delimited by the path's punctuation or digits.</summary>
    internal static string? SplitOf(string relativePath)
    {
        var words = relativePath.ToLowerInvariant().Split(['/', '\\', '-', '_', '.', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.TrimEnd("0123456789".ToCharArray()));
        foreach (var word in words.Reverse())
            foreach (var (split, aliases) in SplitWords)
                if (aliases.Contains(word)) return split;
        return null;
    }
}
