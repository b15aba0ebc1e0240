using System.Text.Encodings.Web;
using System.Text.Json;
using SharpAlign.Tensors;

namespace SharpAlign.Models.IO;

/// <summary>Fills <paramref name="destination"/> with a tensor's float32 values (row-major).</summary>
public delegate void TensorFill(Span<float> destination);

/// <summary>A tensor to write: its name, shape and a source of its float32 values.</summary>
/// <param name="Name">State-dict key.</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Fill">Called once, while writing, to produce the values; lets large checkpoints be generated one tensor at a time.</param>
public sealed record SafetensorsEntry(string Name, int[] Shape, TensorFill Fill)
{
    /// <summary>An entry that copies an existing tensor.</summary>
    public static SafetensorsEntry From(string name, Tensor tensor) => new(name, tensor.Shape, dst => tensor.Span.CopyTo(dst));

    /// <summary>Number of elements.</summary>
    public long ElementCount => Tensor.ElementCount(Shape);
}

/// <summary>
/// Writes safetensors files the way the reference writer does: tensors sorted by name (one dtype
/// per file), contiguous offsets, the JSON header padded with spaces to a multiple of 8 bytes,
/// and <c>__metadata__ {"format": "pt"}</c> (which transformers requires). Values are converted
/// from float32 to F32, BF16 (round to nearest even) or F16. Every file is written atomically.
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>Default largest shard, in bytes (transformers 4.x's 5 GB).</summary>
    public const long DefaultMaxShardBytes = 5_000_000_000;

    private const int ChunkElements = 1 << 20;

    /// <summary>Writes one safetensors file. <paramref name="metadata"/> is added to <c>format: pt</c>.</summary>
    public static void WriteFile(string path, IReadOnlyList<SafetensorsEntry> tensors, SafetensorsDtype dtype, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (!dtype.IsLoadable()) throw new ArgumentException($"cannot write dtype {dtype}; use F32, BF16 or F16", nameof(dtype));
        var sorted = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        for (int i = 0; i < sorted.Count; i++)
        {
            if (sorted[i].Name.Length == 0 || sorted[i].Name == "__metadata__") throw new ArgumentException($"invalid tensor name '{sorted[i].Name}'");
            if (i > 0 && sorted[i].Name == sorted[i - 1].Name) throw new ArgumentException($"tensor '{sorted[i].Name}' given twice");
            if (sorted[i].ElementCount > int.MaxValue) throw new ArgumentException($"tensor '{sorted[i].Name}' is too large to write in one piece");
        }
        byte[] header = BuildHeader(sorted, dtype, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> prefix = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
            stream.Write(prefix);
            stream.Write(header);
            WriteData(stream, sorted, dtype);
        });
    }

    /// <summary>
    /// Writes the tensors into <paramref name="dir"/> as <c>{baseName}.safetensors</c>, or, when they
    /// exceed <paramref name="maxShardBytes"/>, as shards <c>{baseName}-00001-of-0000K.safetensors</c>
    /// plus <c>{baseName}.safetensors.index.json</c>. A stale single file or index of the other layout
    /// is removed so loaders cannot pick it up. Returns the file names written.
    /// </summary>
    public static IReadOnlyList<string> WriteFolder(string dir, IReadOnlyList<SafetensorsEntry> tensors, SafetensorsDtype dtype,
        long maxShardBytes = DefaultMaxShardBytes, string baseName = "model")
    {
        if (maxShardBytes <= 0) throw new ArgumentOutOfRangeException(nameof(maxShardBytes));
        int size = dtype.Bits() / 8;
        var shards = new List<List<SafetensorsEntry>> { new() };
        long current = 0;
        foreach (var t in tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            long bytes = t.ElementCount * size;
            if (current > 0 && current + bytes > maxShardBytes) { shards.Add([]); current = 0; }
            shards[^1].Add(t);
            current += bytes;
        }
        Directory.CreateDirectory(dir);
        string single = Path.Combine(dir, baseName + ".safetensors");
        string index = Path.Combine(dir, baseName + ".safetensors.index.json");
        if (shards.Count == 1)
        {
            WriteFile(single, shards[0], dtype);
            File.Delete(index);
            return [Path.GetFileName(single)];
        }
        var names = new List<string>();
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < shards.Count; i++)
        {
            string name = $"{baseName}-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            WriteFile(Path.Combine(dir, name), shards[i], dtype);
            foreach (var t in shards[i]) weightMap[t.Name] = name;
            names.Add(name);
        }
        long total = tensors.Sum(t => t.ElementCount * size);
        AtomicFile.Write(index, s => WriteIndex(s, total, weightMap));
        File.Delete(single);
        names.Add(Path.GetFileName(index));
        return names;
    }

    private static byte[] BuildHeader(List<SafetensorsEntry> sorted, SafetensorsDtype dtype, IReadOnlyDictionary<string, string>? metadata)
    {
        int size = dtype.Bits() / 8;
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("__metadata__");
            w.WriteString("format", "pt");
            foreach (var (k, v) in metadata ?? new Dictionary<string, string>())
                if (k != "format") w.WriteString(k, v);
            w.WriteEndObject();
            long offset = 0;
            foreach (var t in sorted)
            {
                long bytes = t.ElementCount * size;
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", dtype.ToString());
                w.WriteStartArray("shape");
                foreach (int d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += bytes;
            }
            w.WriteEndObject();
        }
        int pad = (int)((8 - ms.Length % 8) % 8);
        for (int i = 0; i < pad; i++) ms.WriteByte((byte)' ');
        return ms.ToArray();
    }

    private static void WriteData(Stream stream, List<SafetensorsEntry> sorted, SafetensorsDtype dtype)
    {
        int size = dtype.Bits() / 8;
        var bytes = new byte[ChunkElements * size];
        foreach (var t in sorted)
        {
            int count = (int)t.ElementCount;
            if (count == 0) continue;
            using var values = new Tensor(count);
            t.Fill(values.Span);
            for (int done = 0; done < count; done += ChunkElements)
            {
                int n = Math.Min(ChunkElements, count - done);
                StorageConversion.FromFloat32(dtype, values.Span.Slice(done, n), bytes.AsSpan(0, n * size));
                stream.Write(bytes, 0, n * size);
            }
        }
    }

    private static void WriteIndex(Stream s, long totalSize, SortedDictionary<string, string> weightMap)
    {
        using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteStartObject("metadata");
        w.WriteNumber("total_size", totalSize);
        w.WriteEndObject();
        w.WriteStartObject("weight_map");
        foreach (var (k, v) in weightMap) w.WriteString(k, v);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
