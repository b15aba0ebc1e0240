using SharpAlign.Tensors;

namespace SharpAlign.Models.IO;

/// <summary>One LoRA-wrapped linear layer of the base model.</summary>
/// <param name="ModulePath">Base-model module path, e.g. "model.layers.0.self_attn.q_proj".</param>
/// <param name="In">Input features of the linear layer.</param>
/// <param name="Out">Output features of the linear layer.</param>
public sealed record LoraTarget(string ModulePath, int In, int Out);

/// <summary>The two LoRA matrices of one module: A [r, in] and B [out, r].</summary>
/// <param name="A">Down projection, [r, in].</param>
/// <param name="B">Up projection, [out, r].</param>
public sealed record LoraWeights(Tensor A, Tensor B);

/// <summary>An adapter folder loaded into memory.</summary>
/// <param name="Config">The adapter's settings.</param>
/// <param name="Modules">Weights by base-model module path (every target of <see cref="PeftAdapterFiles.Targets"/>). The caller owns the tensors.</param>
public sealed record LoadedAdapter(LoraConfig Config, Dictionary<string, LoraWeights> Modules);

/// <summary>
/// Reads and writes PEFT LoRA adapter folders: <c>adapter_config.json</c> +
/// <c>adapter_model.safetensors</c> with PEFT tensor names (<see cref="PeftNames"/>). Loading checks,
/// before reading data, that every targeted module of the base model has A [r, in] and B [out, r]
/// and that the file holds nothing else; errors name the file and the tensor.
/// </summary>
public static class PeftAdapterFiles
{
    /// <summary>Base name of the adapter weights file (<c>adapter_model.safetensors</c>).</summary>
    public const string WeightsBaseName = "adapter_model";

    /// <summary>
    /// The modules an adapter wraps in a base model (matched by <see cref="LoraConfig.Targets"/>), in layer
    /// order then <see cref="CheckpointLayout.LinearModules"/> order.
    /// </summary>
    public static IReadOnlyList<LoraTarget> Targets(ModelConfig baseConfig, LoraConfig adapter)
    {
        var list = new List<LoraTarget>();
        for (int i = 0; i < baseConfig.NumLayers; i++)
            foreach (var m in CheckpointLayout.LinearModules)
            {
                string path = CheckpointLayout.LinearModulePath(i, m);
                if (!adapter.Targets(path)) continue;
                var (inF, outF) = CheckpointLayout.LinearShape(baseConfig, m);
                list.Add(new LoraTarget(path, inF, outF));
            }
        return list;
    }

    /// <summary>Loads an adapter folder for a base model.</summary>
    public static LoadedAdapter Load(string adapterDir, ModelConfig baseConfig)
    {
        var config = LoraAdapterConfigIO.ReadFolder(adapterDir);
        using var checkpoint = SafetensorsCheckpoint.OpenFolder(adapterDir, WeightsBaseName);
        var targets = Targets(baseConfig, config);
        var expected = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var t in targets)
        {
            expected[PeftNames.LoraA(t.ModulePath)] = [config.Rank, t.In];
            expected[PeftNames.LoraB(t.ModulePath)] = [t.Out, config.Rank];
        }
        foreach (var name in checkpoint.Names)
            if (!expected.ContainsKey(name))
                throw new InputException($"{checkpoint.FileOf(name)}: unexpected tensor '{name}' (an adapter with target_modules [{string.Join(", ", config.TargetModules)}] holds only their lora_A/lora_B weights, named like '{PeftNames.LoraA(targets.FirstOrDefault()?.ModulePath ?? "model.layers.0.self_attn.q_proj")}')");
        foreach (var (name, shape) in expected)
        {
            var info = checkpoint.TryGetInfo(name)
                ?? throw new InputException($"{adapterDir}: adapter is missing tensor '{name}' [{string.Join(", ", shape)}] (target_modules [{string.Join(", ", config.TargetModules)}], r = {config.Rank})");
            if (!info.Shape.SequenceEqual(shape))
                throw new InputException($"{checkpoint.FileOf(name)}: tensor '{name}' has shape {info.ShapeText}, expected [{string.Join(", ", shape)}] (r = {config.Rank} from {LoraAdapterConfigIO.FileName})");
            if (!info.Dtype.IsLoadable())
                throw new InputException($"{checkpoint.FileOf(name)}: tensor '{name}' has dtype {info.Dtype}; only F32, BF16 and F16 can be loaded");
        }
        var modules = new Dictionary<string, LoraWeights>(StringComparer.Ordinal);
        try
        {
            foreach (var t in targets)
            {
                var a = checkpoint.ReadTensor(PeftNames.LoraA(t.ModulePath));
                Tensor b;
                try { b = checkpoint.ReadTensor(PeftNames.LoraB(t.ModulePath)); }
                catch { a.Dispose(); throw; }
                modules[t.ModulePath] = new LoraWeights(a, b);
            }
        }
        catch
        {
            foreach (var w in modules.Values) { w.A.Dispose(); w.B.Dispose(); }
            throw;
        }
        return new LoadedAdapter(config, modules);
    }

    /// <summary>
    /// Writes an adapter folder: <c>adapter_config.json</c> and <c>adapter_model.safetensors</c>
    /// (in <paramref name="dtype"/>, float32 by default as PEFT saves fp32 adapters).
    /// <paramref name="modules"/> is keyed by base-model module path.
    /// </summary>
    public static void Save(string adapterDir, LoraConfig config, IReadOnlyDictionary<string, LoraWeights> modules, string? baseModelNameOrPath, SafetensorsDtype dtype = SafetensorsDtype.F32)
    {
        var entries = new List<SafetensorsEntry>();
        foreach (var (path, w) in modules)
        {
            if (w.A.Shape.Length != 2 || w.A.Shape[0] != config.Rank || w.B.Shape.Length != 2 || w.B.Shape[1] != config.Rank)
                throw new ArgumentException($"module '{path}': A {w.A} / B {w.B} do not match rank {config.Rank} (A must be [r, in], B [out, r])");
            entries.Add(SafetensorsEntry.From(PeftNames.LoraA(path), w.A));
            entries.Add(SafetensorsEntry.From(PeftNames.LoraB(path), w.B));
        }
        Directory.CreateDirectory(adapterDir);
        SafetensorsWriter.WriteFile(Path.Combine(adapterDir, WeightsBaseName + ".safetensors"), entries, dtype);
        LoraAdapterConfigIO.WriteFolder(config, adapterDir, baseModelNameOrPath);
    }
}
