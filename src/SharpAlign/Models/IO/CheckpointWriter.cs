using SharpAlign.Tensors;

namespace SharpAlign.Models.IO;

/// <summary>
/// Saves a model as a Hugging Face folder that <c>from_pretrained</c> loads: <c>config.json</c>
/// (with <c>torch_dtype</c> set to the storage dtype) and <c>model.safetensors</c> or shards + index,
/// with canonical names and no <c>lm_head.weight</c> when embeddings are tied. Optionally copies the
/// tokenizer and generation files byte for byte from the source folder.
/// </summary>
public static class CheckpointWriter
{
    /// <summary>Files copied unchanged from the source model folder when present.</summary>
    public static readonly string[] AuxiliaryFiles =
    [
        "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
        "tokenizer.model", "chat_template.jinja", "vocab.json", "merges.txt", "added_tokens.json",
    ];

    /// <summary>
    /// Writes <paramref name="tensors"/> (by Hugging Face name; every tensor of
    /// <see cref="CheckpointLayout.ExpectedTensors"/> must be present with its shape) and the config
    /// into <paramref name="dir"/>. Extra tensors and a tied <c>lm_head.weight</c> are not written.
    /// </summary>
    public static void Save(string dir, ModelConfig config, IReadOnlyDictionary<string, Tensor> tensors, SafetensorsDtype dtype,
        string? copyAuxiliaryFrom = null, long maxShardBytes = SafetensorsWriter.DefaultMaxShardBytes)
    {
        var entries = new List<SafetensorsEntry>();
        foreach (var spec in CheckpointLayout.ExpectedTensors(config))
        {
            if (!tensors.TryGetValue(spec.Name, out var t))
                throw new ArgumentException($"cannot save: tensor '{spec.Name}' {spec.ShapeText} is missing");
            if (!t.Shape.SequenceEqual(spec.Shape))
                throw new ArgumentException($"cannot save: tensor '{spec.Name}' has shape [{string.Join(", ", t.Shape)}], expected {spec.ShapeText}");
            entries.Add(SafetensorsEntry.From(spec.Name, t));
        }
        Directory.CreateDirectory(dir);
        SafetensorsWriter.WriteFolder(dir, entries, dtype, maxShardBytes);
        ModelConfigWriter.WriteFolder(config with { TorchDtype = dtype.TorchName() }, dir);
        if (copyAuxiliaryFrom is not null && Path.GetFullPath(copyAuxiliaryFrom) != Path.GetFullPath(dir))
            foreach (var name in AuxiliaryFiles)
            {
                string src = Path.Combine(copyAuxiliaryFrom, name);
                if (File.Exists(src)) AtomicFile.Write(Path.Combine(dir, name), s => { using var r = File.OpenRead(src); r.CopyTo(s); });
            }
    }
}
