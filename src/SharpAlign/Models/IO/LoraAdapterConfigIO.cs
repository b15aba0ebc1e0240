using System.Text.Encodings.Web;
using System.Text.Json;

namespace SharpAlign.Models.IO;

/// <summary>
/// Reads and writes PEFT's <c>adapter_config.json</c> for LoRA (<c>peft_type: LORA</c>,
/// <c>task_type: CAUSAL_LM</c>, <c>bias: none</c>) as a <see cref="LoraConfig"/>. Options that would change what the
/// adapter computes and that SharpAlign does not implement (DoRA, per-layer rank/alpha patterns,
/// <c>layers_to_transform</c>, <c>modules_to_save</c>, bias training, regex <c>target_modules</c>)
/// are refused with an <see cref="InputException"/> naming the field. The writer emits only keys
/// that PEFT has understood since 0.7, since unknown keys make older PEFT versions fail to load.
/// </summary>
public static class LoraAdapterConfigIO
{
    /// <summary>The file name inside an adapter folder.</summary>
    public const string FileName = "adapter_config.json";

    /// <summary>Reads <c>adapter_config.json</c> from an adapter folder.</summary>
    public static LoraConfig ReadFolder(string adapterDir) => Read(Path.Combine(adapterDir, FileName));

    /// <summary>Reads an adapter config file.</summary>
    public static LoraConfig Read(string path)
    {
        using var doc = JsonFields.ParseFile(path);
        return Parse(new JsonFields(doc.RootElement, path));
    }

    /// <summary>Parses adapter config JSON text; <paramref name="sourceName"/> names it in messages.</summary>
    public static LoraConfig Parse(string json, string sourceName = FileName)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new InputException($"{sourceName}: not valid JSON: {e.Message}", e); }
        using (doc) return Parse(new JsonFields(doc.RootElement, sourceName));
    }

    private static LoraConfig Parse(JsonFields f)
    {
        string peftType = f.String("peft_type") ?? throw new InputException($"{f.File}: required field 'peft_type' is missing (expected \"LORA\")");
        if (peftType != "LORA") throw f.Error("peft_type", "is not supported (only \"LORA\")");
        if (f.String("task_type") is { } task && task != "CAUSAL_LM") throw f.Error("task_type", "is not supported (only \"CAUSAL_LM\")");
        if (f.String("bias", "none") != "none") throw f.Error("bias", "is not supported (only \"none\": biases are not trained)");
        if (f.Bool("use_dora", false)) throw f.Error("use_dora", "is not supported (DoRA)");
        if (f.Bool("lora_bias", false)) throw f.Error("lora_bias", "is not supported");
        foreach (var name in new[] { "layers_to_transform", "layer_replication" })
            if (f.Has(name)) throw f.Error(name, "is not supported (adapters must cover every layer)");
        foreach (var name in new[] { "rank_pattern", "alpha_pattern" })
            if (f.Object(name) is { } o && o.Names.Any()) throw f.Error(name, "is not supported (one rank and alpha for all modules)");
        if (f.Raw("modules_to_save") is { } mts && !(mts.ValueKind == JsonValueKind.Array && mts.GetArrayLength() == 0))
            throw f.Error("modules_to_save", "is not supported (fully trained extra modules)");

        int r = f.PositiveInt("r", 8);
        double alpha = f.Double("lora_alpha", 8);
        if (!(alpha > 0)) throw f.Error("lora_alpha", "must be a positive number");
        double dropout = f.Double("lora_dropout", 0);
        if (dropout is < 0 or >= 1) throw f.Error("lora_dropout", "must be in [0, 1)");

        return new LoraConfig
        {
            Rank = r,
            Alpha = (float)alpha,
            Dropout = (float)dropout,
            TargetModules = ReadTargets(f),
            UseRsLora = f.Bool("use_rslora", false),
        };
    }

    /// <summary>
    /// <c>target_modules</c>: "all-linear", or a list of names each ending in a decoder-layer projection
    /// ("q_proj", or a suffix such as "self_attn.q_proj"), matched the way PEFT does (see <see cref="LoraConfig.Targets"/>).
    /// A string other than "all-linear" is a regular expression in PEFT and is refused.
    /// </summary>
    private static string[] ReadTargets(JsonFields f)
    {
        const string name = "target_modules";
        string supported = string.Join(", ", CheckpointLayout.LinearModules);
        if (f.Raw(name) is not { } v) throw new InputException($"{f.File}: required field '{name}' is missing (a list of: {supported})");
        if (v.ValueKind == JsonValueKind.String)
        {
            if (v.GetString() == "all-linear") return ["all-linear"];
            throw f.Error(name, $"as a string is a regular expression, which is not supported (give a list of: {supported}, or \"all-linear\")");
        }
        var list = f.StringList(name)!;
        if (list.Length == 0) throw f.Error(name, "must name at least one module");
        foreach (var m in list)
            if (!CheckpointLayout.LinearModules.Contains(m.Split('.')[^1]) || m.Split('.').Any(part => part.Length == 0))
                throw f.Error(name, $"names '{m}', which is not a supported LoRA target (expected some of: {supported})");
        return [.. list.Distinct()];
    }

    /// <summary>Writes <c>adapter_config.json</c> into an adapter folder, atomically.</summary>
    public static void WriteFolder(LoraConfig config, string adapterDir, string? baseModelNameOrPath) =>
        AtomicFile.WriteText(Path.Combine(adapterDir, FileName), ToJson(config, baseModelNameOrPath));

    /// <summary>The config as PEFT writes it (sorted keys, indented).</summary>
    public static string ToJson(LoraConfig c, string? baseModelNameOrPath)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("alpha_pattern"); w.WriteEndObject();
            w.WriteNull("auto_mapping");
            if (baseModelNameOrPath is null) w.WriteNull("base_model_name_or_path"); else w.WriteString("base_model_name_or_path", baseModelNameOrPath);
            w.WriteString("bias", "none");
            w.WriteBoolean("fan_in_fan_out", false);
            w.WriteBoolean("inference_mode", true);
            w.WriteBoolean("init_lora_weights", true);
            w.WriteNull("layers_pattern");
            w.WriteNull("layers_to_transform");
            // PEFT types lora_alpha as an int; keep integral values integral.
            if (c.Alpha == MathF.Floor(c.Alpha) && c.Alpha < int.MaxValue) w.WriteNumber("lora_alpha", (int)c.Alpha);
            else w.WriteNumber("lora_alpha", c.Alpha);
            w.WriteNumber("lora_dropout", c.Dropout);
            w.WriteNull("modules_to_save");
            w.WriteString("peft_type", "LORA");
            w.WriteNumber("r", c.Rank);
            w.WriteStartObject("rank_pattern"); w.WriteEndObject();
            w.WriteNull("revision");
            w.WriteStartArray("target_modules");
            foreach (var m in c.TargetModules) w.WriteStringValue(m);
            w.WriteEndArray();
            w.WriteString("task_type", "CAUSAL_LM");
            w.WriteBoolean("use_rslora", c.UseRsLora);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }
}
