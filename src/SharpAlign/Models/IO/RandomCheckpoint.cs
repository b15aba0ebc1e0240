using System.Text.Json.Nodes;

namespace SharpAlign.Models.IO;

/// <summary>Size choices for a random model; null keeps the preset's value.</summary>
/// <param name="HiddenSize"><c>hidden_size</c>.</param>
/// <param name="NumLayers"><c>num_hidden_layers</c>.</param>
/// <param name="NumHeads"><c>num_attention_heads</c>.</param>
/// <param name="NumKvHeads"><c>num_key_value_heads</c>.</param>
/// <param name="IntermediateSize"><c>intermediate_size</c>.</param>
/// <param name="VocabSize"><c>vocab_size</c>.</param>
/// <param name="HeadDim"><c>head_dim</c> (default hidden / heads).</param>
/// <param name="TieWordEmbeddings"><c>tie_word_embeddings</c>.</param>
public sealed record RandomModelSizes(
    int? HiddenSize = null, int? NumLayers = null, int? NumHeads = null, int? NumKvHeads = null,
    int? IntermediateSize = null, int? VocabSize = null, int? HeadDim = null, bool? TieWordEmbeddings = null);

/// <summary>
/// Writes a random model folder in Hugging Face format (<c>config.json</c> + <c>model.safetensors</c>)
/// for any supported family, initialised like transformers' <c>_init_weights</c>: linear and embedding
/// weights ~ N(0, 0.02²) (<c>initializer_range</c>), biases 0, RMSNorm weights 1 — or 0 for Gemma-2,
/// whose norms scale by (1 + w). Values depend only on the seed and the tensor's name (each block of
/// 65,536 elements has its own stream), so output is identical for any thread count.
/// Presets: <c>tiny</c> (tests), <c>smollm-135m</c> and <c>tinyllama-1.1b</c> (the shapes of those models).
/// </summary>
public static class RandomCheckpoint
{
    /// <summary>Standard deviation of the normal initialisation (transformers' default <c>initializer_range</c>).</summary>
    public const double InitStd = 0.02;

    private const int BlockElements = 1 << 16;

    /// <summary>The preset names.</summary>
    public static IReadOnlyList<string> Presets { get; } = ["tiny", "smollm-135m", "tinyllama-1.1b"];

    /// <summary>
    /// The config of a random model: the preset's config.json fields, with <paramref name="sizes"/>
    /// overriding them, read through <see cref="ModelConfigReader"/> so every family default and check applies.
    /// For Gemma-2, <c>head_dim</c> defaults to hidden / heads and <c>query_pre_attn_scalar</c> to head_dim.
    /// </summary>
    public static ModelConfig CreateConfig(string modelType, string preset = "tiny", RandomModelSizes? sizes = null, SafetensorsDtype dtype = SafetensorsDtype.F32)
    {
        if (FamilyDefaults.For(modelType) is null)
            throw new InputException($"unsupported architecture '{modelType}' (expected one of {string.Join(", ", FamilyDefaults.SupportedModelTypes)})");
        var json = PresetFields(preset);
        json["model_type"] = modelType;
        sizes ??= new RandomModelSizes();
        Set(json, "hidden_size", sizes.HiddenSize);
        Set(json, "num_hidden_layers", sizes.NumLayers);
        Set(json, "num_attention_heads", sizes.NumHeads);
        Set(json, "num_key_value_heads", sizes.NumKvHeads);
        Set(json, "intermediate_size", sizes.IntermediateSize);
        Set(json, "vocab_size", sizes.VocabSize);
        Set(json, "head_dim", sizes.HeadDim);
        if (sizes.TieWordEmbeddings is { } tie) json["tie_word_embeddings"] = tie;
        if (modelType == "gemma2")
        {
            if (sizes.HeadDim is null)
            {
                int hidden = (int)json["hidden_size"]!, heads = (int)json["num_attention_heads"]!;
                if (heads <= 0 || hidden % heads != 0)
                    throw new InputException($"hidden size {hidden} must be divisible by the head count {heads} (or give the head dimension explicitly)");
                json["head_dim"] = hidden / heads;
            }
            json["query_pre_attn_scalar"] = (int)json["head_dim"]!;
        }
        json["torch_dtype"] = dtype.TorchName();
        return ModelConfigReader.Parse(json.ToJsonString(), $"{modelType} {preset} settings");
    }

    /// <summary>Writes <c>config.json</c> and the random weights (sharded above <paramref name="maxShardBytes"/>) into <paramref name="dir"/>.</summary>
    public static void Write(string dir, ModelConfig config, int seed, SafetensorsDtype dtype, long maxShardBytes = SafetensorsWriter.DefaultMaxShardBytes)
    {
        var entries = CheckpointLayout.ExpectedTensors(config)
            .Select(spec => new SafetensorsEntry(spec.Name, spec.Shape, dst => Fill(config, spec.Name, seed, dst)))
            .ToList();
        Directory.CreateDirectory(dir);
        SafetensorsWriter.WriteFolder(dir, entries, dtype, maxShardBytes);
        ModelConfigWriter.WriteFolder(config with { TorchDtype = dtype.TorchName() }, dir);
    }

    /// <summary>The initial values of one tensor (by Hugging Face name) for a seed.</summary>
    public static void Fill(ModelConfig config, string name, int seed, Span<float> destination)
    {
        if (name.EndsWith("norm.weight", StringComparison.Ordinal))
        {
            destination.Fill(config.NormAddsOne ? 0f : 1f);
            return;
        }
        if (name.EndsWith(".bias", StringComparison.Ordinal))
        {
            destination.Clear();
            return;
        }
        ulong nameSeed = Fnv1a(name) ^ (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;
        int blocks = (destination.Length + BlockElements - 1) / BlockElements;
        unsafe
        {
            fixed (float* p = destination)
            {
                float* basePtr = p;
                int length = destination.Length;
                Parallel.For(0, blocks, b =>
                {
                    int start = b * BlockElements, n = Math.Min(BlockElements, length - start);
                    NormalBlock(new Span<float>(basePtr + start, n), nameSeed + (ulong)b * 0xD1B54A32D192ED03UL);
                });
            }
        }
        if (name == CheckpointLayout.EmbedTokens && config.PadTokenId is { } pad && pad >= 0 && pad < config.VocabSize)
            destination.Slice(pad * config.HiddenSize, config.HiddenSize).Clear();
    }

    /// <summary>N(0, InitStd²) values from a SplitMix64 stream via the Box–Muller transform.</summary>
    private static void NormalBlock(Span<float> dst, ulong state)
    {
        for (int i = 0; i < dst.Length; i += 2)
        {
            double u1 = ((SplitMix(ref state) >> 11) + 1) * (1.0 / 9007199254740993.0); // (0, 1]
            double u2 = (SplitMix(ref state) >> 11) * (1.0 / 9007199254740992.0);
            double r = Math.Sqrt(-2 * Math.Log(u1)) * InitStd;
            var (sin, cos) = Math.SinCos(2 * Math.PI * u2);
            dst[i] = (float)(r * cos);
            if (i + 1 < dst.Length) dst[i + 1] = (float)(r * sin);
        }
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a(string s)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in s) { h ^= c; h *= 0x100000001B3UL; }
        return h;
    }

    private static void Set(JsonObject json, string key, int? value)
    {
        if (value is { } v) json[key] = v;
    }

    /// <summary>config.json fields of a preset (family-independent; the family adds its own defaults).</summary>
    private static JsonObject PresetFields(string preset) => preset switch
    {
        "tiny" => new JsonObject
        {
            ["hidden_size"] = 64, ["intermediate_size"] = 128, ["num_hidden_layers"] = 2, ["num_attention_heads"] = 4,
            ["num_key_value_heads"] = 2, ["vocab_size"] = 256, ["max_position_embeddings"] = 512, ["rms_norm_eps"] = 1e-5,
        },
        "smollm-135m" => new JsonObject
        {
            ["hidden_size"] = 576, ["intermediate_size"] = 1536, ["num_hidden_layers"] = 30, ["num_attention_heads"] = 9,
            ["num_key_value_heads"] = 3, ["vocab_size"] = 49152, ["max_position_embeddings"] = 8192, ["rms_norm_eps"] = 1e-5,
            ["rope_theta"] = 100000, ["tie_word_embeddings"] = true, ["bos_token_id"] = 0, ["eos_token_id"] = 0,
        },
        "tinyllama-1.1b" => new JsonObject
        {
            ["hidden_size"] = 2048, ["intermediate_size"] = 5632, ["num_hidden_layers"] = 22, ["num_attention_heads"] = 32,
            ["num_key_value_heads"] = 4, ["vocab_size"] = 32000, ["max_position_embeddings"] = 2048, ["rms_norm_eps"] = 1e-5,
            ["rope_theta"] = 10000, ["tie_word_embeddings"] = false, ["bos_token_id"] = 1, ["eos_token_id"] = 2,
        },
        _ => throw new InputException($"unknown preset '{preset}' (expected one of {string.Join(", ", Presets)})"),
    };
}
