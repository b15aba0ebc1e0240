using System.Security.Cryptography;
using System.Text;
using SharpAlign.Data;
using SharpAlign.Models.IO;

namespace SharpAlign.Training.Reference;

/// <summary>
/// Reference log-probs computed once before training (<c>precompute_ref_log_probs</c>) and kept on
/// disk under a key made of the reference model's files, the data files and the tokenization
/// settings, so a later run with the same inputs reuses them. Lookups are by (dataset index, role).
/// </summary>
public sealed class ReferenceCache : IReferenceModel
{
    private const uint Magic = 0x53414C52; // "SALR"
    private readonly Dictionary<(int Index, SequenceRole Role), double> _values;

    /// <summary>The file the values live in.</summary>
    public string Path { get; }

    /// <summary>True when the values were read from an earlier run's file.</summary>
    public bool Reused { get; }

    private ReferenceCache(string path, Dictionary<(int, SequenceRole), double> values, bool reused)
    {
        Path = path;
        _values = values;
        Reused = reused;
    }

    /// <summary>
    /// Opens the cache for <paramref name="key"/> in <paramref name="cacheDir"/>, or fills it by running
    /// <paramref name="reference"/> over <paramref name="batches"/> and saves it atomically.
    /// </summary>
    public static ReferenceCache OpenOrCompute(string cacheDir, string key, IReferenceModel reference, IEnumerable<MicroBatch> batches, Action<int>? onBatch = null)
    {
        Directory.CreateDirectory(cacheDir);
        string path = System.IO.Path.Combine(cacheDir, key + ".refcache");
        if (File.Exists(path) && TryRead(path) is { } existing) return new ReferenceCache(path, existing, reused: true);
        var values = new Dictionary<(int, SequenceRole), double>();
        int n = 0;
        foreach (var mb in batches)
        {
            var sums = reference.SequenceLogps(mb);
            for (int s = 0; s < sums.Length; s++)
            {
                var seq = mb.Batch.Sequences[s];
                values[(checked((int)mb.Batch.Examples[seq.Example].Id), seq.Role)] = sums[s];
            }
            onBatch?.Invoke(++n);
        }
        AtomicFile.Write(path, stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            w.Write(values.Count);
            foreach (var ((index, role), v) in values.OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2))
            {
                w.Write(index);
                w.Write((byte)role);
                w.Write(v);
            }
        });
        return new ReferenceCache(path, values, reused: false);
    }

    private static Dictionary<(int, SequenceRole), double>? TryRead(string path)
    {
        try
        {
            using var r = new BinaryReader(File.OpenRead(path));
            if (r.ReadUInt32() != Magic) return null;
            int count = r.ReadInt32();
            var values = new Dictionary<(int, SequenceRole), double>(count);
            for (int i = 0; i < count; i++) values[(r.ReadInt32(), (SequenceRole)r.ReadByte())] = r.ReadDouble();
            return values;
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public double[] SequenceLogps(MicroBatch batch)
    {
        var sums = new double[batch.Batch.Sequences.Length];
        for (int s = 0; s < sums.Length; s++)
        {
            var seq = batch.Batch.Sequences[s];
            int index = checked((int)batch.Batch.Examples[seq.Example].Id);
            if (!_values.TryGetValue((index, seq.Role), out sums[s]))
                throw new InvalidOperationException($"reference cache {Path} has no {seq.Role} value for example {index}; delete the file to recompute it");
        }
        return sums;
    }

    /// <summary>
    /// A cache key: SHA-256 over the reference model's config and weight files (names, sizes,
    /// modification times), the data files (same), the tokenizer files and <paramref name="settings"/>.
    /// </summary>
    public static string Key(string modelDir, IEnumerable<string> dataPaths, string? tokenizerDir, string settings)
    {
        var sb = new StringBuilder();
        void Describe(string path)
        {
            if (Directory.Exists(path))
            {
                foreach (var f in Directory.EnumerateFiles(path).Where(f => f.EndsWith(".json") || f.EndsWith(".safetensors") || f.EndsWith(".jsonl") || f.EndsWith(".csv") || f.EndsWith(".gz")).Order(StringComparer.Ordinal))
                    Describe(f);
            }
            else if (File.Exists(path))
            {
                var fi = new FileInfo(path);
                sb.Append(System.IO.Path.GetFullPath(path)).Append('|').Append(fi.Length).Append('|').Append(fi.LastWriteTimeUtc.Ticks).Append('\n');
            }
            else sb.Append(path).Append("|missing\n");
        }
        Describe(modelDir);
        foreach (var p in dataPaths) Describe(p);
        if (tokenizerDir is not null) Describe(tokenizerDir);
        sb.Append(settings);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..32].ToLowerInvariant();
    }

    /// <summary>Where caches live: <c>SHARPALIGN_CACHE</c>, else ~/.cache/sharpalign/ref-logps.</summary>
    public static string DefaultDirectory() =>
        Environment.GetEnvironmentVariable("SHARPALIGN_CACHE") is { Length: > 0 } d
            ? System.IO.Path.Combine(d, "ref-logps")
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "sharpalign", "ref-logps");
}
