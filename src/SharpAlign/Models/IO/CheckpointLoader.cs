using SharpAlign.Tensors;

namespace SharpAlign.Models.IO;

/// <summary>A model folder loaded into memory.</summary>
/// <param name="Config">The parsed config.json.</param>
/// <param name="Tensors">
/// Every tensor of <see cref="CheckpointLayout.ExpectedTensors"/>, by Hugging Face name, as float32.
/// With tied embeddings there is no <c>lm_head.weight</c> entry: the head is <c>model.embed_tokens.weight</c>.
/// The caller owns the tensors.
/// </param>
/// <param name="StorageDtype">The dtype most tensors were stored in (what a re-save would naturally use).</param>
public sealed record LoadedCheckpoint(ModelConfig Config, Dictionary<string, Tensor> Tensors, SafetensorsDtype StorageDtype);

/// <summary>
/// Loads a Hugging Face model folder (config.json + safetensors, single or sharded). All checks
/// happen before any tensor data is read: every file's header is validated, and every tensor
/// the config needs must be present with the expected shape and a loadable dtype (F32/BF16/F16).
/// Like transformers, it accepts names without the <c>model.</c> prefix (checkpoints saved from a
/// base model), ignores extra tensors (e.g. <c>rotary_emb.inv_freq</c>), and ignores a stored
/// <c>lm_head.weight</c> when embeddings are tied.
/// </summary>
public static class CheckpointLoader
{
    /// <summary>Loads config and tensors from <paramref name="modelDir"/>.</summary>
    public static LoadedCheckpoint Load(string modelDir)
    {
        var config = ModelConfigReader.ReadFolder(modelDir);
        using var checkpoint = SafetensorsCheckpoint.OpenFolder(modelDir);
        var sources = Resolve(modelDir, config, checkpoint);
        // Shapes and dtypes are already checked, so reading cannot fail on the input; tensors convert in parallel.
        var read = new Tensor?[sources.Count];
        try
        {
            Parallel.For(0, sources.Count, i => read[i] = checkpoint.ReadTensor(sources[i].StoredName));
        }
        catch (AggregateException e)
        {
            foreach (var t in read) t?.Dispose();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int i = 0; i < sources.Count; i++) tensors[sources[i].Spec.Name] = read[i]!;
        var dtype = sources.Select(s => checkpoint.TryGetInfo(s.StoredName)!.Dtype)
            .GroupBy(d => d).OrderByDescending(g => g.Count()).First().Key;
        return new LoadedCheckpoint(config, tensors, dtype);
    }

    /// <summary>
    /// Matches each expected tensor to a stored name and checks shape and dtype, without reading data.
    /// Throws one <see cref="InputException"/> listing every missing tensor, or naming the first mis-shaped one.
    /// </summary>
    public static IReadOnlyList<(TensorSpec Spec, string StoredName)> Resolve(string modelDir, ModelConfig config, SafetensorsCheckpoint checkpoint)
    {
        var result = new List<(TensorSpec, string)>();
        var missing = new List<TensorSpec>();
        foreach (var spec in CheckpointLayout.ExpectedTensors(config))
        {
            string? stored = checkpoint.Contains(spec.Name) ? spec.Name
                : spec.Name.StartsWith("model.", StringComparison.Ordinal) && checkpoint.Contains(spec.Name["model.".Length..]) ? spec.Name["model.".Length..]
                : null;
            if (stored is null) { missing.Add(spec); continue; }
            var info = checkpoint.TryGetInfo(stored)!;
            if (!info.Shape.SequenceEqual(spec.Shape))
                throw new InputException($"{checkpoint.FileOf(stored)}: tensor '{stored}' has shape {info.ShapeText}, expected {spec.ShapeText} from {Path.Combine(modelDir, ModelConfigReader.FileName)}");
            if (!info.Dtype.IsLoadable())
                throw new InputException($"{checkpoint.FileOf(stored)}: tensor '{stored}' has dtype {info.Dtype}; only F32, BF16 and F16 can be loaded");
            result.Add((spec, stored));
        }
        if (missing.Count > 0)
        {
            string files = string.Join(", ", checkpoint.Files.Select(f => Path.GetFileName(f.Path)));
            string list = string.Join(", ", missing.Take(5).Select(m => $"'{m.Name}' {m.ShapeText}"));
            string more = missing.Count > 5 ? $" and {missing.Count - 5} more" : "";
            string hint = missing.Any(m => m.Name == CheckpointLayout.LmHead) ? " (tie_word_embeddings is false, so lm_head.weight must be stored)" : "";
            throw new InputException($"{modelDir}: checkpoint ({files}) is missing {missing.Count} tensor(s) the config needs: {list}{more}{hint}");
        }
        return result;
    }
}
