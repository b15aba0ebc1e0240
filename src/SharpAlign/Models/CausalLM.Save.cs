using SharpAlign.Models.IO;
using SharpAlign.Tensors;

namespace SharpAlign.Models;

public sealed partial class CausalLM
{
    /// <summary>Files of a model folder that travel unchanged with the weights (tokenizer, generation defaults).</summary>
    public static readonly string[] CompanionFiles =
        ["generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.model", "chat_template.jinja", "vocab.json", "merges.txt"];

    /// <summary>
    /// Writes a Hugging Face model folder: config.json (with the dtype asked) and the base weights as
    /// safetensors in <paramref name="dtype"/> (tied head omitted, sharded above
    /// <paramref name="maxShardBytes"/>), plus the companion files of <paramref name="sourceDir"/> when given.
    /// Adapters must be merged first.
    /// </summary>
    public void SaveFull(string dir, SafetensorsDtype dtype, string? sourceDir = null, long maxShardBytes = SafetensorsWriter.DefaultMaxShardBytes)
    {
        if (Lora is not null) throw new InvalidOperationException("the model has LoRA adapters: call MergeLora() before saving a full model, or SaveAdapter()");
        Directory.CreateDirectory(dir);
        ModelConfigWriter.WriteFolder(Config with { TorchDtype = dtype.TorchName() }, dir);
        SafetensorsWriter.WriteFolder(dir, _baseParameters.Select(p => SafetensorsEntry.From(p.Name, p.Value)).ToList(), dtype, maxShardBytes);
        if (sourceDir is null || Path.GetFullPath(sourceDir) == Path.GetFullPath(dir)) return;
        foreach (var f in CompanionFiles)
        {
            string src = Path.Combine(sourceDir, f);
            if (File.Exists(src)) File.Copy(src, Path.Combine(dir, f), overwrite: true);
        }
    }

    /// <summary>Writes the adapters as a PEFT folder: adapter_config.json + adapter_model.safetensors (float32, PEFT names).</summary>
    public void SaveAdapter(string dir, string baseModelNameOrPath)
    {
        var lora = Lora ?? throw new InvalidOperationException("the model has no LoRA adapters to save");
        var modules = new Dictionary<string, LoraWeights>(StringComparer.Ordinal);
        foreach (var (module, layer) in NamedLinears())
            if (layer.Lora is { } adapter) modules[module] = new LoraWeights(adapter.A.Value, adapter.B.Value);
        PeftAdapterFiles.Save(dir, lora, modules, baseModelNameOrPath);
    }

    /// <summary>Loads a model folder and, when <paramref name="adapterDir"/> is given, a PEFT adapter on top (frozen).</summary>
    public static CausalLM Load(string modelDir, string? adapterDir)
    {
        var model = Load(modelDir);
        if (adapterDir is null) return model;
        try
        {
            model.LoadAdapter(adapterDir);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Loads a PEFT LoRA adapter folder onto this model (base weights frozen; adapters trainable when asked).</summary>
    public void LoadAdapter(string adapterDir, bool trainable = false)
    {
        var loaded = PeftAdapterFiles.Load(adapterDir, Config);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (module, w) in loaded.Modules)
        {
            tensors[PeftNames.LoraA(module)] = w.A;
            tensors[PeftNames.LoraB(module)] = w.B;
        }
        try
        {
            AttachLora(loaded.Config, tensors, trainable);
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
    }
}
