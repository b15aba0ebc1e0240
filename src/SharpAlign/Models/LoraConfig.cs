namespace SharpAlign.Models;

/// <summary>
/// LoRA settings with PEFT's names and meaning. A target matches a linear module when its full
/// module path equals it or ends with "." + it ("q_proj" matches "model.layers.3.self_attn.q_proj");
/// the single entry "all-linear" selects every projection inside the layers (not the output head).
/// </summary>
public sealed record LoraConfig
{
    /// <summary>The projections PEFT users name most often for Llama-family models.</summary>
    public static readonly string[] AllProjections = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    /// <summary>Rank r.</summary>
    public int Rank { get; init; } = 8;

    /// <summary>lora_alpha α.</summary>
    public float Alpha { get; init; } = 16;

    /// <summary>lora_dropout on the adapter input during training.</summary>
    public float Dropout { get; init; }

    /// <summary>target_modules.</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = AllProjections;

    /// <summary>use_rslora: scaling α/√r instead of α/r.</summary>
    public bool UseRsLora { get; init; }

    /// <summary>Seed of A's initialisation and of the dropout masks.</summary>
    public int Seed { get; init; }

    /// <summary>The factor applied to B·A.</summary>
    public float Scaling => UseRsLora ? Alpha / MathF.Sqrt(Rank) : Alpha / Rank;

    /// <summary>Checks the values, naming the bad one.</summary>
    public void Validate()
    {
        if (Rank <= 0) throw new InputException($"LoRA r must be positive, got {Rank}");
        if (!(Alpha > 0)) throw new InputException($"LoRA lora_alpha must be positive, got {Alpha}");
        if (!(Dropout >= 0 && Dropout < 1)) throw new InputException($"LoRA lora_dropout must be in [0, 1), got {Dropout}");
        if (TargetModules.Count == 0) throw new InputException("LoRA target_modules is empty");
    }

    /// <summary>True when the module path (e.g. "model.layers.0.mlp.up_proj") is a target.</summary>
    public bool Targets(string modulePath)
    {
        if (TargetModules is ["all-linear"]) return true;
        foreach (var t in TargetModules)
            if (modulePath == t || modulePath.EndsWith("." + t, StringComparison.Ordinal)) return true;
        return false;
    }
}
