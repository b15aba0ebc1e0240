using System.Text.Encodings.Web;
using System.Text.Json;

namespace SharpAlign.Models.IO;

/// <summary>
/// Writes a <see cref="ModelConfig"/> as a Hugging Face <c>config.json</c> that transformers 4.x and
/// 5.x both read: the 4.x layout (<c>torch_dtype</c>, top-level <c>rope_theta</c> and
/// <c>rope_scaling</c>), with every field spelled out so no reader falls back to a different
/// default. <see cref="ModelConfigReader"/> reads the result back to an equal config.
/// </summary>
public static class ModelConfigWriter
{
    /// <summary>Writes <c>config.json</c> into a model folder, atomically.</summary>
    public static void WriteFolder(ModelConfig config, string modelDir) =>
        AtomicFile.WriteText(Path.Combine(modelDir, ModelConfigReader.FileName), ToJson(config));

    /// <summary>The config as indented JSON text.</summary>
    public static string ToJson(ModelConfig c)
    {
        var d = FamilyDefaults.For(c.Family);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("architectures");
            w.WriteStringValue(d.Architecture);
            w.WriteEndArray();
            w.WriteString("model_type", c.ModelType);
            w.WriteNumber("hidden_size", c.HiddenSize);
            w.WriteNumber("intermediate_size", c.IntermediateSize);
            w.WriteNumber("num_hidden_layers", c.NumLayers);
            w.WriteNumber("num_attention_heads", c.NumHeads);
            w.WriteNumber("num_key_value_heads", c.NumKvHeads);
            w.WriteNumber("head_dim", c.HeadDim);
            w.WriteNumber("vocab_size", c.VocabSize);
            w.WriteNumber("max_position_embeddings", c.MaxPositionEmbeddings);
            w.WriteNumber("rms_norm_eps", c.RmsNormEps);
            w.WriteNumber("rope_theta", c.RopeTheta);
            WriteRopeScaling(w, c.RopeScaling);
            w.WriteBoolean("tie_word_embeddings", c.TieWordEmbeddings);
            w.WriteString("hidden_act", c.HiddenAct);
            w.WriteNumber("attention_dropout", 0.0);
            w.WriteNumber("initializer_range", 0.02);
            w.WriteBoolean("use_cache", true);
            switch (c.Family)
            {
                case ModelFamily.Llama:
                    w.WriteBoolean("attention_bias", c.AttentionBias);
                    w.WriteBoolean("mlp_bias", c.MlpBias);
                    break;
                case ModelFamily.Mistral:
                    WriteOptional(w, "sliding_window", c.SlidingWindow);
                    break;
                case ModelFamily.Qwen2:
                    w.WriteBoolean("use_sliding_window", false);
                    break;
                case ModelFamily.Gemma2:
                    w.WriteString("hidden_activation", c.HiddenAct);
                    w.WriteBoolean("attention_bias", c.AttentionBias);
                    WriteOptional(w, "sliding_window", c.SlidingWindow);
                    w.WriteNumber("query_pre_attn_scalar", c.QueryPreAttnScalar);
                    WriteOptional(w, "attn_logit_softcapping", c.AttnLogitSoftcapping);
                    WriteOptional(w, "final_logit_softcapping", c.FinalLogitSoftcapping);
                    break;
            }
            WriteOptional(w, "bos_token_id", c.BosTokenId);
            if (c.EosTokenIds.Length == 1) w.WriteNumber("eos_token_id", c.EosTokenIds[0]);
            else if (c.EosTokenIds.Length == 0) w.WriteNull("eos_token_id");
            else
            {
                w.WriteStartArray("eos_token_id");
                foreach (int e in c.EosTokenIds) w.WriteNumberValue(e);
                w.WriteEndArray();
            }
            WriteOptional(w, "pad_token_id", c.PadTokenId);
            w.WriteString("torch_dtype", c.TorchDtype);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private static void WriteRopeScaling(Utf8JsonWriter w, RopeScaling? s)
    {
        if (s is null || s.Type == "default") { w.WriteNull("rope_scaling"); return; }
        w.WriteStartObject("rope_scaling");
        w.WriteString("rope_type", s.Type);
        w.WriteNumber("factor", s.Factor);
        if (s.Type == "llama3")
        {
            w.WriteNumber("low_freq_factor", s.LowFreqFactor);
            w.WriteNumber("high_freq_factor", s.HighFreqFactor);
            w.WriteNumber("original_max_position_embeddings", s.OriginalMaxPositionEmbeddings);
        }
        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, int? v)
    {
        if (v is { } x) w.WriteNumber(name, x); else w.WriteNull(name);
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, float? v)
    {
        if (v is { } x) w.WriteNumber(name, x); else w.WriteNull(name);
    }
}
