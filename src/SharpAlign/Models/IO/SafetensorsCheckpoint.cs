using System.Text.Json;
using SharpAlign.Tensors;

namespace SharpAlign.Models.IO;

/// <summary>
/// The tensors of a model folder, wherever they are stored: a single <c>model.safetensors</c>, or
/// shards listed by <c>model.safetensors.index.json</c> (the single file wins when both exist, as
/// in transformers). Every file's header is validated when the checkpoint is opened, before any
/// tensor data is read. A folder holding only pickle checkpoints is refused with conversion advice.
/// </summary>
public sealed class SafetensorsCheckpoint : IDisposable
{
    private readonly List<SafetensorsFile> _files;
    private readonly Dictionary<string, SafetensorsFile> _fileOf;

    /// <summary>The files opened (one, or every shard).</summary>
    public IReadOnlyList<SafetensorsFile> Files => _files;

    /// <summary>Every tensor name the checkpoint provides.</summary>
    public IEnumerable<string> Names => _fileOf.Keys;

    private SafetensorsCheckpoint(List<SafetensorsFile> files, Dictionary<string, SafetensorsFile> fileOf)
    {
        _files = files;
        _fileOf = fileOf;
    }

    /// <summary>
    /// Opens <c>{baseName}.safetensors</c> or <c>{baseName}.safetensors.index.json</c> in
    /// <paramref name="dir"/> ("model" for models, "adapter_model" for PEFT adapters).
    /// </summary>
    public static SafetensorsCheckpoint OpenFolder(string dir, string baseName = "model")
    {
        if (!Directory.Exists(dir)) throw new InputException($"{dir}: model folder not found");
        string single = Path.Combine(dir, baseName + ".safetensors");
        string index = Path.Combine(dir, baseName + ".safetensors.index.json");
        if (File.Exists(single)) return FromFiles([single], null);
        if (File.Exists(index)) return OpenIndex(index);
        var pickle = Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal).FirstOrDefault(PickleCheckpoints.IsPickle);
        if (pickle is not null) throw PickleCheckpoints.Refusal(pickle);
        throw new InputException($"{dir}: no {baseName}.safetensors or {baseName}.safetensors.index.json in the folder");
    }

    /// <summary>Opens one safetensors file as a checkpoint.</summary>
    public static SafetensorsCheckpoint OpenFile(string path) => FromFiles([path], null);

    private static SafetensorsCheckpoint OpenIndex(string indexPath)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var doc = JsonFields.ParseFile(indexPath))
        {
            var root = new JsonFields(doc.RootElement, indexPath);
            if (root.Raw("weight_map") is not { ValueKind: JsonValueKind.Object } wm)
                throw new InputException($"{indexPath}: field 'weight_map' must be an object of tensor name → shard file name");
            foreach (var p in wm.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String)
                    throw new InputException($"{indexPath}: weight_map entry '{p.Name}' must be a file name string, got {JsonFields.Show(p.Value)}");
                string shard = p.Value.GetString()!;
                if (shard.Length == 0 || shard != Path.GetFileName(shard) || shard is "." or "..")
                    throw new InputException($"{indexPath}: weight_map entry '{p.Name}' names '{shard}', which is not a plain file name in the model folder");
                if (!map.TryAdd(p.Name, shard))
                    throw new InputException($"{indexPath}: tensor '{p.Name}' is listed twice in weight_map");
            }
        }
        var shards = map.Values.Distinct().Order(StringComparer.Ordinal).Select(s => Path.Combine(dir, s)).ToList();
        foreach (var s in shards)
            if (!File.Exists(s)) throw new InputException($"{indexPath}: shard '{Path.GetFileName(s)}' listed in weight_map does not exist");
        return FromFiles(shards, (indexPath, map));
    }

    private static SafetensorsCheckpoint FromFiles(List<string> paths, (string Path, Dictionary<string, string> Map)? index)
    {
        var files = new List<SafetensorsFile>();
        try
        {
            foreach (var p in paths) files.Add(SafetensorsFile.Open(p));
            var fileOf = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
            if (index is { } ix)
            {
                var byName = files.ToDictionary(f => Path.GetFileName(f.Path), StringComparer.Ordinal);
                foreach (var (name, shard) in ix.Map)
                {
                    var file = byName[shard];
                    if (!file.Contains(name))
                        throw new InputException($"{ix.Path}: tensor '{name}' is mapped to '{shard}', but that file has no such tensor");
                    fileOf[name] = file;
                }
            }
            else
            {
                foreach (var f in files)
                    foreach (var name in f.Tensors.Keys)
                        fileOf[name] = f;
            }
            return new SafetensorsCheckpoint(files, fileOf);
        }
        catch
        {
            foreach (var f in files) f.Dispose();
            throw;
        }
    }

    /// <summary>True when the checkpoint has a tensor of this name.</summary>
    public bool Contains(string name) => _fileOf.ContainsKey(name);

    /// <summary>The header entry of a tensor, or null when absent.</summary>
    public SafetensorsTensorInfo? TryGetInfo(string name) => _fileOf.TryGetValue(name, out var f) ? f.Tensors[name] : null;

    /// <summary>The file holding a tensor (for messages), or null when absent.</summary>
    public string? FileOf(string name) => _fileOf.TryGetValue(name, out var f) ? f.Path : null;

    /// <summary>Reads a tensor as float32.</summary>
    public Tensor ReadTensor(string name) =>
        _fileOf.TryGetValue(name, out var f) ? f.ReadTensor(name) : throw new InputException($"checkpoint has no tensor named '{name}' (files: {string.Join(", ", _files.Select(x => x.Path))})");

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var f in _files) f.Dispose();
    }
}
