using System.Text.RegularExpressions;

namespace SharpAlign.Models.IO;

/// <summary>
/// PEFT's tensor names for LoRA weights in <c>adapter_model.safetensors</c>:
/// <c>base_model.model.{module path}.lora_A.weight</c> ([r, in]) and <c>….lora_B.weight</c> ([out, r]),
/// where the module path is the base model's (e.g. <c>model.layers.0.self_attn.q_proj</c>). The
/// adapter name ("default") that PEFT uses in memory is not part of the saved names.
/// </summary>
public static partial class PeftNames
{
    /// <summary>The prefix PEFT's <c>PeftModelForCausalLM</c> puts before base-model module paths.</summary>
    public const string Prefix = "base_model.model.";

    /// <summary>Name of the A (down-projection, [r, in]) matrix of a module.</summary>
    public static string LoraA(string modulePath) => $"{Prefix}{modulePath}.lora_A.weight";

    /// <summary>Name of the B (up-projection, [out, r]) matrix of a module.</summary>
    public static string LoraB(string modulePath) => $"{Prefix}{modulePath}.lora_B.weight";

    /// <summary>Splits a PEFT LoRA tensor name into the module path and which matrix it is.</summary>
    public static bool TryParse(string tensorName, out string modulePath, out bool isA)
    {
        var m = LoraName().Match(tensorName);
        modulePath = m.Success ? m.Groups[1].Value : "";
        isA = m.Success && m.Groups[2].Value == "A";
        return m.Success;
    }

    [GeneratedRegex(@"^base_model\.model\.(.+)\.lora_([AB])\.weight$")]
    private static partial Regex LoraName();
}
