using System.Text.Json;

namespace SharpAlign.Models.IO;

/// <summary>
/// Reads a Hugging Face <c>config.json</c> into a <see cref="ModelConfig"/>, applying the defaults
/// of the family's transformers config class (<c>LlamaConfig</c>, <c>Qwen2Config</c>,
/// <c>MistralConfig</c>, <c>Gemma2Config</c>) to every field the file leaves out.
/// Both the transformers 4.x layout (<c>torch_dtype</c>, <c>rope_theta</c> + <c>rope_scaling</c>) and
/// the 5.x layout (<c>dtype</c>, <c>rope_parameters</c>) are accepted. Unknown keys are ignored;
/// a known option with a value SharpAlign cannot honour fails with an <see cref="InputException"/>
/// naming the file, the field and the value.
/// </summary>
public static class ModelConfigReader
{
    /// <summary>The file name inside a model folder.</summary>
    public const string FileName = "config.json";

    /// <summary>Reads <c>config.json</c> from a model folder.</summary>
    public static ModelConfig ReadFolder(string modelDir) => Read(Path.Combine(modelDir, FileName));

    /// <summary>Reads a config file.</summary>
    public static ModelConfig Read(string path)
    {
        using var doc = JsonFields.ParseFile(path);
        return Parse(new JsonFields(doc.RootElement, path));
    }

    /// <summary>Parses config JSON text; <paramref name="sourceName"/> names it in error messages.</summary>
    public static ModelConfig Parse(string json, string sourceName = FileName)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new InputException($"{sourceName}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e); }
        using (doc) return Parse(new JsonFields(doc.RootElement, sourceName));
    }

    private static ModelConfig Parse(JsonFields f)
    {
        try { return ParseFields(f); }
        catch (InvalidOperationException e)
        {
            // System.Text.Json reports strings that are not valid UTF-16 (an escaped lone surrogate) this way.
            throw new InputException($"{f.File}: not valid JSON: {e.Message}", e);
        }
    }

    private static ModelConfig ParseFields(JsonFields f)
    {
        string modelType = f.String("model_type") ?? throw new InputException($"{f.File}: required field 'model_type' is missing (expected one of {string.Join(", ", FamilyDefaults.SupportedModelTypes)})");
        var d = FamilyDefaults.For(modelType) ?? throw f.Error("model_type", $"is not supported (expected one of {string.Join(", ", FamilyDefaults.SupportedModelTypes)})");

        if (f.Has("quantization_config")) throw f.Error("quantization_config", "is not supported (quantized checkpoints cannot be trained here; use the unquantized model)");
        if (f.OptionalDouble("partial_rotary_factor") is { } prf && prf != 1.0) throw f.Error("partial_rotary_factor", "is not supported (only 1.0, full rotary dimension)");

        int hidden = f.PositiveInt("hidden_size", d.HiddenSize);
        int heads = f.PositiveInt("num_attention_heads", d.NumHeads);
        int kvHeads = f.Present("num_key_value_heads") ? f.Int("num_key_value_heads", heads) : d.NumKvHeads ?? heads;
        if (kvHeads <= 0 || heads % kvHeads != 0)
            throw f.Error("num_key_value_heads", $"must be a positive divisor of num_attention_heads ({heads})");
        int headDim;
        if (f.Has("head_dim")) headDim = f.PositiveInt("head_dim", 0);
        else if (d.HeadDim is { } hd) headDim = hd;
        else
        {
            if (hidden % heads != 0)
                throw f.Error("hidden_size", $"must be divisible by num_attention_heads ({heads}) when head_dim is not given");
            headDim = hidden / heads;
        }
        if (headDim % 2 != 0) throw new InputException($"{f.File}: head dimension {headDim} must be even for rotary embeddings (field 'head_dim' or hidden_size / num_attention_heads)");

        var (ropeTheta, ropeScaling) = RopeConfigReader.Read(f, d.RopeTheta);
        string dtype = ReadDtype(f);
        var (sliding, alternating) = ReadSlidingWindow(f, d);
        int layers = f.PositiveInt("num_hidden_layers", d.NumLayers);
        CheckLayerTypes(f, layers, sliding, alternating);

        bool isGemma = d.Family == ModelFamily.Gemma2;
        string actKey = isGemma ? "hidden_activation" : "hidden_act";
        string act = f.String(actKey, d.HiddenAct)!;
        if (act is not ("silu" or "gelu_pytorch_tanh"))
            throw f.Error(actKey, "is not supported (expected \"silu\" or \"gelu_pytorch_tanh\")");

        bool attnBias = d.Family switch
        {
            ModelFamily.Qwen2 => true,
            ModelFamily.Mistral => false,
            _ => f.Bool("attention_bias", false),
        };
        bool outBias = d.Family is ModelFamily.Llama or ModelFamily.Gemma2 && attnBias;
        bool mlpBias = d.Family == ModelFamily.Llama && f.Bool("mlp_bias", false);

        return new ModelConfig
        {
            Family = d.Family,
            ModelType = modelType,
            HiddenSize = hidden,
            IntermediateSize = f.PositiveInt("intermediate_size", d.IntermediateSize),
            NumLayers = layers,
            NumHeads = heads,
            NumKvHeads = kvHeads,
            HeadDim = headDim,
            VocabSize = f.PositiveInt("vocab_size", d.VocabSize),
            MaxPositionEmbeddings = f.PositiveInt("max_position_embeddings", d.MaxPositionEmbeddings),
            RmsNormEps = PositiveFloat(f, "rms_norm_eps", 1e-6),
            RopeTheta = ropeTheta,
            RopeScaling = ropeScaling,
            TieWordEmbeddings = f.Bool("tie_word_embeddings", d.TieWordEmbeddings),
            AttentionBias = attnBias,
            OutputBias = outBias,
            MlpBias = mlpBias,
            HiddenAct = act,
            SlidingWindow = sliding,
            AlternatingSlidingWindow = alternating,
            ScaleEmbeddings = isGemma,
            NormAddsOne = isGemma,
            SandwichNorms = isGemma,
            AttnLogitSoftcapping = isGemma ? OptionalPositiveFloat(f, "attn_logit_softcapping", 50.0) : null,
            FinalLogitSoftcapping = isGemma ? OptionalPositiveFloat(f, "final_logit_softcapping", 30.0) : null,
            QueryPreAttnScalar = isGemma ? PositiveFloat(f, "query_pre_attn_scalar", 256) : headDim,
            BosTokenId = f.Present("bos_token_id") ? f.OptionalInt("bos_token_id") : d.BosTokenId,
            EosTokenIds = f.Present("eos_token_id") ? f.IntOrIntList("eos_token_id") : d.EosTokenId is { } e ? [e] : [],
            PadTokenId = f.Present("pad_token_id") ? f.OptionalInt("pad_token_id") : d.PadTokenId,
            TorchDtype = dtype,
        };
    }

    /// <summary><c>dtype</c> (transformers ≥ 4.56) wins over the older <c>torch_dtype</c>; float32 when neither is given.</summary>
    private static string ReadDtype(JsonFields f)
    {
        string key = f.Has("dtype") ? "dtype" : "torch_dtype";
        string value = f.String(key, "float32")!;
        return value is "float32" or "bfloat16" or "float16"
            ? value
            : throw f.Error(key, "is not supported (expected \"float32\", \"bfloat16\" or \"float16\")");
    }

    /// <summary>The window and whether it alternates, by the family's rule.</summary>
    private static (int? Window, bool Alternating) ReadSlidingWindow(JsonFields f, FamilyDefaults d)
    {
        switch (d.Family)
        {
            case ModelFamily.Mistral:
                return (f.Present("sliding_window") ? OptionalPositiveInt(f, "sliding_window") : 4096, false);
            case ModelFamily.Gemma2:
                int? w = f.Present("sliding_window") ? OptionalPositiveInt(f, "sliding_window") : 4096;
                return (w, w is not null);
            case ModelFamily.Qwen2:
                if (!f.Bool("use_sliding_window", false)) return (null, false);
                // Qwen2 applies the window to layers >= max_window_layers; only "no layer" is supported.
                int layers = f.PositiveInt("num_hidden_layers", d.NumLayers);
                if (f.Int("max_window_layers", 28) < layers)
                    throw f.Error("use_sliding_window", $"= true with max_window_layers < num_hidden_layers ({layers}) is not supported (sliding window on a subset of layers)");
                return (null, false);
            default:
                return (null, false);
        }
    }

    /// <summary>transformers 5.x may spell the window pattern out as <c>layer_types</c>; it must match what the family implies.</summary>
    private static void CheckLayerTypes(JsonFields f, int layers, int? window, bool alternating)
    {
        var types = f.StringList("layer_types");
        if (types is null) return;
        if (types.Length != layers) throw f.Error("layer_types", $"must list one entry per layer ({layers})");
        for (int i = 0; i < layers; i++)
        {
            bool sliding = window is not null && (!alternating || i % 2 == 0);
            string expected = sliding ? "sliding_attention" : "full_attention";
            if (types[i] != expected)
                throw f.Error("layer_types", $"entry {i} must be \"{expected}\" for this model type and sliding_window (only the family's standard pattern is supported), but is \"{types[i]}\"");
        }
    }

    private static int? OptionalPositiveInt(JsonFields f, string name)
    {
        int? v = f.OptionalInt(name);
        if (v is <= 0) throw f.Error(name, "must be a positive integer or null");
        return v;
    }

    private static float PositiveFloat(JsonFields f, string name, double fallback)
    {
        double v = f.Double(name, fallback);
        if (!(v > 0)) throw f.Error(name, "must be a positive number");
        return (float)v;
    }

    private static float? OptionalPositiveFloat(JsonFields f, string name, double fallback)
    {
        if (f.Present(name) && !f.Has(name)) return null;
        return PositiveFloat(f, name, fallback);
    }
}
