namespace SharpAlign.Training.Benchmarks;

/// <summary>
/// What <see cref="DpoStepBenchmark"/> runs: the model (a Hugging Face folder or a random-weight preset),
/// the pairs, and the step's settings — by default those of the PyTorch peer (sigmoid DPO, β 0.1,
/// clipping at 1.0, AdamW lr 1e-6, weight decay 0; LoRA α = 2r on all seven projections).
/// </summary>
public sealed record DpoStepOptions
{
    /// <summary>A Hugging Face model folder, or null to build <see cref="Preset"/> with random weights in memory.</summary>
    public string? ModelDir { get; init; }

    /// <summary>Random-weight preset (<c>tiny</c>, <c>smollm-135m</c>, <c>tinyllama-1.1b</c>) when no folder is given.</summary>
    public string Preset { get; init; } = "smollm-135m";

    /// <summary>Overrides the preset's layer count (for quick profiles of a shallower model of the same width); null keeps it.</summary>
    public int? Layers { get; init; }

    /// <summary>Seed of the random weights and of the LoRA A matrices.</summary>
    public int Seed { get; init; }

    /// <summary>The preference pairs of the one batch every step runs on.</summary>
    public required IReadOnlyList<PairIds> Pairs { get; init; }

    /// <summary>Measured steps.</summary>
    public int Steps { get; init; } = 5;

    /// <summary>Unmeasured steps first.</summary>
    public int Warmup { get; init; } = 1;

    /// <summary>LoRA rank (0: full fine-tuning with a frozen copy as the reference).</summary>
    public int LoraRank { get; init; }

    /// <summary>LoRA α (default 2·rank, as the peer).</summary>
    public float? LoraAlpha { get; init; }

    /// <summary>DPO β.</summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>AdamW learning rate.</summary>
    public double LearningRate { get; init; } = 1e-6;

    /// <summary>Gradient clipping norm (0 disables).</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>Compute each pair's prompt once (true) or run [prompt+chosen] and [prompt+rejected] as separate rows (TRL's layout).</summary>
    public bool PrefixSharing { get; init; } = true;

    /// <summary>Recompute each layer's forward in the backward instead of keeping every layer's activations (TRL's gradient_checkpointing; the peer does not).</summary>
    public bool GradientCheckpointing { get; init; }

    /// <summary>Also time OpenBLAS sgemm on a representative shape, for <see cref="DpoStepResult.GemmPeakShare"/>.</summary>
    public bool MeasureOpenBlas { get; init; } = true;

    /// <summary>Checks the settings; throws <see cref="InputException"/> naming the option.</summary>
    public void Validate()
    {
        if (Steps < 1) throw new InputException($"--steps {Steps}: expected at least 1 measured step");
        if (Warmup < 0) throw new InputException($"--warmup {Warmup}: expected zero or more steps");
        if (LoraRank < 0) throw new InputException($"--lora {LoraRank}: expected a rank ≥ 0 (0 = full fine-tuning)");
        if (LoraAlpha is { } a && !(a > 0)) throw new InputException($"--lora-alpha {a}: expected a positive value");
        if (Layers is { } l && l < 1) throw new InputException($"--layers {l}: expected at least 1");
        if (Pairs.Count == 0) throw new InputException("no pairs to train on");
    }
}
