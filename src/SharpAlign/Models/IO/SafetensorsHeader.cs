using System.Buffers.Binary;
using System.Text.Json;

namespace SharpAlign.Models.IO;

/// <summary>One tensor's entry in a safetensors header.</summary>
/// <param name="Name">Tensor name (the state_dict key).</param>
/// <param name="Dtype">Element type.</param>
/// <param name="Shape">Dimensions, outermost first (empty for a scalar).</param>
/// <param name="Begin">First byte, relative to the start of the data region (file offset 8 + header length).</param>
/// <param name="End">One past the last byte, relative to the data region.</param>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDtype Dtype, int[] Shape, long Begin, long End)
{
    /// <summary>Number of elements (product of the shape).</summary>
    public long ElementCount => Shape.Aggregate(1L, (n, d) => n * d);

    /// <summary>Number of bytes of data.</summary>
    public long ByteLength => End - Begin;

    /// <summary>The shape as "[a, b]" for messages.</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}

/// <summary>
/// The parsed and validated header of a safetensors file. Validation follows the reference
/// implementation (huggingface/safetensors <c>tensor.rs</c>): the 8-byte little-endian header length
/// is at most <see cref="MaxHeaderLength"/> and fits in the file; the header is a UTF-8 JSON object
/// with no duplicate names; every dtype is known; each tensor's byte length equals its element count
/// times the element size; sorted by offset, the tensors tile the data region exactly (starting at
/// 0, no overlap, no gap) and the region ends at the end of the file. Any violation is an
/// <see cref="InputException"/> naming the file and the tensor; nothing past the header is read.
/// </summary>
public sealed class SafetensorsHeader
{
    /// <summary>Largest header accepted, in bytes (the reference implementation's limit).</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>Length of the JSON header in bytes (excluding the 8-byte length prefix).</summary>
    public long HeaderLength { get; }

    /// <summary>File offset where the data region starts (8 + header length).</summary>
    public long DataStart => 8 + HeaderLength;

    /// <summary>The tensors, in header order.</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The string→string <c>__metadata__</c> map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    private SafetensorsHeader(long headerLength, List<SafetensorsTensorInfo> tensors, Dictionary<string, string> metadata)
    {
        HeaderLength = headerLength;
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>Reads and validates the header of <paramref name="path"/> without touching the tensor data.</summary>
    public static SafetensorsHeader Read(string path)
    {
        using var stream = OpenForRead(path);
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw new InputException($"{path}: not a safetensors file: {fileLength} bytes is too short for the 8-byte header length");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (n > MaxHeaderLength)
            throw new InputException($"{path}: not a valid safetensors file: header length {n} exceeds the limit of {MaxHeaderLength} bytes");
        if ((long)n > fileLength - 8)
            throw new InputException($"{path}: truncated or not a safetensors file: header length {n} runs past the end of the file ({fileLength} bytes)");
        var json = new byte[n];
        stream.ReadExactly(json);
        return Parse(path, json, fileLength);
    }

    /// <summary>Opens a file for reading, turning a missing file into an <see cref="InputException"/>.</summary>
    internal static FileStream OpenForRead(string path)
    {
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot open: {e.Message}", e);
        }
    }

    private static SafetensorsHeader Parse(string path, byte[] json, long fileLength)
    {
        if (json.Length == 0 || json[0] != (byte)'{')
            throw new InputException($"{path}: invalid safetensors header: the JSON header must start with '{{'");
        if (!System.Text.Unicode.Utf8.IsValid(json))
            throw new InputException($"{path}: invalid safetensors header: not valid JSON: the header is not valid UTF-8");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new InputException($"{path}: invalid safetensors header: not valid JSON: {e.Message}", e); }

        var tensors = new List<SafetensorsTensorInfo>();
        var metadata = new Dictionary<string, string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InputException($"{path}: invalid safetensors header: expected a JSON object");
            try
            {
                foreach (var prop in doc.RootElement.EnumerateObject())
                {
                    if (!seen.Add(prop.Name))
                        throw new InputException($"{path}: invalid safetensors header: name '{prop.Name}' appears twice");
                    if (prop.Name == "__metadata__") ReadMetadata(path, prop.Value, metadata);
                    else tensors.Add(ReadEntry(path, prop.Name, prop.Value));
                }
            }
            catch (InvalidOperationException e)
            {
                // System.Text.Json reports strings that are not valid UTF-16 (e.g. an escaped lone surrogate) this way.
                throw new InputException($"{path}: invalid safetensors header: not valid JSON: {e.Message}", e);
            }
        }
        CheckLayout(path, tensors, fileLength - 8 - json.Length);
        return new SafetensorsHeader(json.Length, tensors, metadata);
    }

    private static void ReadMetadata(string path, JsonElement v, Dictionary<string, string> metadata)
    {
        if (v.ValueKind != JsonValueKind.Object)
            throw new InputException($"{path}: invalid safetensors header: '__metadata__' must be an object of strings");
        foreach (var p in v.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
                throw new InputException($"{path}: invalid safetensors header: '__metadata__.{p.Name}' must be a string, got {JsonFields.Show(p.Value)}");
            metadata[p.Name] = p.Value.GetString()!;
        }
    }

    private static SafetensorsTensorInfo ReadEntry(string path, string name, JsonElement v)
    {
        string where = $"{path}: tensor '{name}'";
        if (v.ValueKind != JsonValueKind.Object)
            throw new InputException($"{where}: header entry must be an object with dtype, shape and data_offsets, got {JsonFields.Show(v)}");
        if (!v.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
            throw new InputException($"{where}: header entry needs a string 'dtype'");
        string dtypeText = dt.GetString()!;
        if (!SafetensorsDtypes.TryParse(dtypeText, out var dtype))
            throw new InputException($"{where}: unknown dtype \"{dtypeText}\" (expected one of {string.Join(", ", Enum.GetNames<SafetensorsDtype>())})");

        if (!v.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array)
            throw new InputException($"{where}: header entry needs a 'shape' array");
        var shape = new int[sh.GetArrayLength()];
        int k = 0;
        foreach (var d in sh.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long dim) || dim < 0)
                throw new InputException($"{where}: shape entries must be non-negative integers, got {JsonFields.Show(sh)}");
            if (dim > int.MaxValue)
                throw new InputException($"{where}: dimension {dim} is too large (limit {int.MaxValue})");
            shape[k++] = (int)dim;
        }

        if (!v.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
            throw new InputException($"{where}: header entry needs 'data_offsets' [begin, end]");
        long[] be = new long[2];
        k = 0;
        foreach (var o in off.EnumerateArray())
        {
            if (o.ValueKind != JsonValueKind.Number || !o.TryGetInt64(out be[k]) || be[k] < 0)
                throw new InputException($"{where}: data_offsets must be non-negative integers, got {JsonFields.Show(off)}");
            k++;
        }
        if (be[1] < be[0])
            throw new InputException($"{where}: data_offsets [{be[0]}, {be[1]}] end before they begin");

        var info = new SafetensorsTensorInfo(name, dtype, shape, be[0], be[1]);
        long count;
        try { count = checked(shape.Aggregate(1L, (n, d) => checked(n * d))); }
        catch (OverflowException) { throw new InputException($"{where}: shape {info.ShapeText} has too many elements"); }
        long bits;
        try { bits = checked(count * dtype.Bits()); }
        catch (OverflowException) { throw new InputException($"{where}: shape {info.ShapeText} is too large"); }
        if (bits % 8 != 0)
            throw new InputException($"{where}: shape {info.ShapeText} of {dtype} does not fill whole bytes");
        if (bits / 8 != info.ByteLength)
            throw new InputException($"{where}: dtype {dtype} with shape {info.ShapeText} needs {bits / 8} bytes, but data_offsets [{be[0]}, {be[1]}] cover {info.ByteLength}");
        return info;
    }

    /// <summary>The tensors must tile [0, dataLength) exactly.</summary>
    private static void CheckLayout(string path, List<SafetensorsTensorInfo> tensors, long dataLength)
    {
        foreach (var t in tensors)
            if (t.End > dataLength)
                throw new InputException($"{path}: tensor '{t.Name}': data_offsets [{t.Begin}, {t.End}] lie outside the data region ({dataLength} bytes) — the file is truncated or corrupt");
        var sorted = tensors.OrderBy(t => t.Begin).ThenBy(t => t.End).ToList();
        long expected = 0;
        SafetensorsTensorInfo? previous = null;
        foreach (var t in sorted)
        {
            if (t.Begin < expected)
                throw new InputException($"{path}: tensor '{t.Name}': data_offsets [{t.Begin}, {t.End}] overlap tensor '{previous!.Name}' [{previous.Begin}, {previous.End}]");
            if (t.Begin > expected)
                throw new InputException($"{path}: tensor '{t.Name}': data_offsets [{t.Begin}, {t.End}] leave a gap of {t.Begin - expected} bytes after byte {expected} of the data region");
            expected = t.End;
            if (t.ByteLength > 0) previous = t;
        }
        if (expected != dataLength)
            throw new InputException($"{path}: the tensors cover {expected} bytes but the data region holds {dataLength} (trailing bytes after the last tensor)");
    }
}
