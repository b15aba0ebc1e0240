using System.Text.Encodings.Web;
using System.Text.Json;
using SharpAlign.Models.IO;

namespace SharpAlign.Models;

/// <summary>
/// PEFT's <c>adapter_config.json</c> for LoRA (formats.md §4.2): read into a <see cref="LoraConfig"/>,
/// written with only the long-standing keys that every PEFT release accepts.
/// </summary>
public static class PeftAdapterConfig
{
    /// <summary>The config file's name inside an adapter folder.</summary>
    public const string FileName = "adapter_config.json";

    /// <summary>The weights file's name inside an adapter folder.</summary>
    public const string WeightsFileName = "adapter_model.safetensors";

    /// <summary>Reads and validates <c>adapter_config.json</c> of an adapter folder.</summary>
    public static LoraConfig Read(string adapterDir)
    {
        string path = Path.Combine(adapterDir, FileName);
        if (!File.Exists(path)) throw new InputException($"{path}: not found (a PEFT adapter folder holds {FileName} and {WeightsFileName})");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InputException($"{path}: invalid JSON: {e.Message}", e); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InputException($"{path}: expected a JSON object");
            string peftType = Str(root, "peft_type", path) ?? throw new InputException($"{path}: field \"peft_type\" is missing");
            if (peftType != "LORA") throw new InputException($"{path}: field \"peft_type\" is \"{peftType}\"; only LORA adapters are supported");
            Reject(root, "use_dora", v => v.ValueKind == JsonValueKind.True, "DoRA is not supported", path);
            Reject(root, "fan_in_fan_out", v => v.ValueKind == JsonValueKind.True, "fan_in_fan_out is only for GPT-2 Conv1D layers", path);
            Reject(root, "bias", v => v.ValueKind == JsonValueKind.String && v.GetString() != "none", "only bias \"none\" is supported", path);
            Reject(root, "modules_to_save", v => v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0, "modules_to_save is not supported", path);
            Reject(root, "rank_pattern", v => v.ValueKind == JsonValueKind.Object && v.EnumerateObject().Any(), "per-module rank_pattern is not supported", path);
            Reject(root, "alpha_pattern", v => v.ValueKind == JsonValueKind.Object && v.EnumerateObject().Any(), "per-module alpha_pattern is not supported", path);
            int r = (int)Num(root, "r", path, 8);
            float alpha = (float)Num(root, "lora_alpha", path, 8);
            float dropout = (float)Num(root, "lora_dropout", path, 0);
            bool rs = root.TryGetProperty("use_rslora", out var rsv) && rsv.ValueKind == JsonValueKind.True;
            var targets = new List<string>();
            if (root.TryGetProperty("target_modules", out var tm))
            {
                if (tm.ValueKind == JsonValueKind.String) targets.Add(tm.GetString()!);
                else if (tm.ValueKind == JsonValueKind.Array) targets.AddRange(tm.EnumerateArray().Select(e => e.GetString() ?? ""));
            }
            var config = new LoraConfig { Rank = r, Alpha = alpha, Dropout = dropout, UseRsLora = rs, TargetModules = targets.Count > 0 ? targets : LoraConfig.AllProjections };
            try { config.Validate(); }
            catch (InputException e) { throw new InputException($"{path}: {e.Message}"); }
            return config;
        }
    }

    /// <summary>Writes <c>adapter_config.json</c> for <paramref name="config"/> into <paramref name="adapterDir"/>.</summary>
    public static void Write(string adapterDir, LoraConfig config, string baseModelNameOrPath)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("peft_type", "LORA");
            w.WriteString("task_type", "CAUSAL_LM");
            w.WriteString("base_model_name_or_path", baseModelNameOrPath);
            w.WriteNumber("r", config.Rank);
            w.WriteNumber("lora_alpha", config.Alpha);
            w.WriteNumber("lora_dropout", config.Dropout);
            w.WriteStartArray("target_modules");
            foreach (var t in config.TargetModules) w.WriteStringValue(t);
            w.WriteEndArray();
            w.WriteString("bias", "none");
            w.WriteBoolean("fan_in_fan_out", false);
            w.WriteNull("modules_to_save");
            w.WriteBoolean("inference_mode", true);
            w.WriteBoolean("init_lora_weights", true);
            w.WriteNull("layers_to_transform");
            w.WriteNull("layers_pattern");
            w.WriteStartObject("rank_pattern"); w.WriteEndObject();
            w.WriteStartObject("alpha_pattern"); w.WriteEndObject();
            w.WriteNull("revision");
            w.WriteBoolean("use_rslora", config.UseRsLora);
            w.WriteBoolean("use_dora", false);
            w.WriteEndObject();
        }
        Directory.CreateDirectory(adapterDir);
        AtomicFile.WriteText(Path.Combine(adapterDir, FileName), System.Text.Encoding.UTF8.GetString(ms.ToArray()) + "\n");
    }

    private static string? Str(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw new InputException($"{path}: field \"{name}\" must be a string, got {v.GetRawText()}");
        return v.GetString();
    }

    private static double Num(JsonElement root, string name, string path, double fallback)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return fallback;
        if (v.ValueKind != JsonValueKind.Number) throw new InputException($"{path}: field \"{name}\" must be a number, got {v.GetRawText()}");
        return v.GetDouble();
    }

    private static void Reject(JsonElement root, string name, Func<JsonElement, bool> bad, string why, string path)
    {
        if (root.TryGetProperty(name, out var v) && bad(v)) throw new InputException($"{path}: field \"{name}\" = {v.GetRawText()}: {why}");
    }
}
