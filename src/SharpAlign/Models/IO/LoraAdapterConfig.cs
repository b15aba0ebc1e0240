namespace SharpAlign.Models.IO;

/// <summary>
/// The LoRA settings of a PEFT adapter (<c>adapter_config.json</c> with <c>peft_type: LORA</c>,
/// <c>task_type: CAUSAL_LM</c>, <c>bias: none</c>) as plain data.
/// </summary>
public sealed record LoraAdapterConfig
{
    /// <summary>Rank <c>r</c>: A is [r, in], B is [out, r].</summary>
    public required int R { get; init; }

    /// <summary><c>lora_alpha</c>.</summary>
    public required double LoraAlpha { get; init; }

    /// <summary><c>lora_dropout</c>: dropout on the adapter's input during training.</summary>
    public double LoraDropout { get; init; }

    /// <summary>Linear layer names the adapter wraps (e.g. "q_proj", "v_proj"), from <see cref="CheckpointLayout.LinearModules"/>.</summary>
    public required string[] TargetModules { get; init; }

    /// <summary><c>use_rslora</c>: scale by alpha/√r instead of alpha/r.</summary>
    public bool UseRslora { get; init; }

    /// <summary><c>base_model_name_or_path</c> (informational).</summary>
    public string? BaseModelNameOrPath { get; init; }

    /// <summary>The factor applied to B·A·x: alpha/r, or alpha/√r with rsLoRA (PEFT's <c>scaling</c>).</summary>
    public double Scaling => UseRslora ? LoraAlpha / Math.Sqrt(R) : LoraAlpha / R;
}
