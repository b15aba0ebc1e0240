using System.Text.Json.Nodes;

namespace SharpAlign.Training.Benchmarks;

/// <summary>Timings of one phase of the step, per measured step.</summary>
/// <param name="RefForward">Reference forward (no gradients).</param>
/// <param name="PolicyForward">Policy forward keeping activations.</param>
/// <param name="LossBackward">Sequence sums, DPO loss and gradient, backward through the policy.</param>
/// <param name="ClipOptimizer">Gradient-norm clipping, AdamW update and zeroing the gradients.</param>
public sealed record StepPhases(double RefForward, double PolicyForward, double LossBackward, double ClipOptimizer)
{
    /// <summary>The whole step.</summary>
    public double Total => RefForward + PolicyForward + LossBackward + ClipOptimizer;
}

/// <summary>Matrix-product time and FLOPs of one group of GEMM shapes (per measured step).</summary>
/// <param name="Group">head, mlp, attn_proj or lora.</param>
/// <param name="Seconds">Time inside the GEMM back end per step.</param>
/// <param name="Gflop">GFLOP per step.</param>
public sealed record GemmGroup(string Group, double Seconds, double Gflop);

/// <summary>What <see cref="DpoStepBenchmark.Run"/> measured; <see cref="ToJson"/> writes the peer's field names.</summary>
public sealed record DpoStepResult
{
    /// <summary>Compute threads (SHARPALIGN_THREADS).</summary>
    public required int Threads { get; init; }
    /// <summary>GEMM back end in use.</summary>
    public required string GemmBackend { get; init; }
    /// <summary>Per measured step, in order.</summary>
    public required IReadOnlyList<StepPhases> Steps { get; init; }
    /// <summary>Loss of the first step run (warm-up included) and of the last.</summary>
    public required double LossFirst { get; init; }
    /// <summary>Loss of the last step.</summary>
    public required double LossLast { get; init; }
    /// <summary>Tokens per step as the peer counts them (prompt + completion of every chosen and rejected row).</summary>
    public required long RowTokens { get; init; }
    /// <summary>Token positions actually run through the model per step (a shared prompt once).</summary>
    public required int PackedTokens { get; init; }
    /// <summary>Scored (completion) tokens per step.</summary>
    public required int ScoredTokens { get; init; }
    /// <summary>Peak RSS (MiB) just before the first step and after the last.</summary>
    public required double PeakRssBeforeStepsMb { get; init; }
    /// <summary>Process lifetime peak RSS (MiB) after the steps.</summary>
    public required double PeakRssMb { get; init; }
    /// <summary>GEMM FLOPs executed per step (counted at the back end).</summary>
    public required double GemmFlopsPerStep { get; init; }
    /// <summary>Seconds inside GEMM per step (mean over measured steps).</summary>
    public required double GemmSecondsPerStep { get; init; }
    /// <summary>Attention score/value FLOPs per step (counted from the mask: QKᵀ and PV forward, four products backward).</summary>
    public required double AttentionFlopsPerStep { get; init; }
    /// <summary>OpenBLAS sgemm GFLOP/s on a representative shape in this process, or null when unavailable.</summary>
    public double? OpenBlasGflops { get; init; }
    /// <summary>The shape OpenBLAS was timed on.</summary>
    public string? OpenBlasShape { get; init; }
    /// <summary>GEMM time and FLOPs per step by layer type.</summary>
    public required IReadOnlyList<GemmGroup> GemmGroups { get; init; }
    /// <summary>The GEMM shapes that took the most time, per step ("op m×n×k": calls, seconds).</summary>
    public IReadOnlyList<(string Shape, double Calls, double Seconds, double Gflops)> TopShapes { get; init; } = [];
    /// <summary>Parameters in total and trainable.</summary>
    public required long ParamsTotal { get; init; }
    /// <summary>Trainable parameters.</summary>
    public required long ParamsTrainable { get; init; }
    /// <summary>The options run.</summary>
    public required DpoStepOptions Options { get; init; }
    /// <summary>Model description (preset or folder).</summary>
    public required string Model { get; init; }

    /// <summary>Median step time (s).</summary>
    public double StepMedian => Median(Steps.Select(s => s.Total));
    /// <summary>Tokens per second at the median step time.</summary>
    public double TokensPerSecond => RowTokens / StepMedian;
    /// <summary>Matrix GFLOP/s of the step: (GEMM + attention FLOPs) ÷ median step time.</summary>
    public double Gflops => (GemmFlopsPerStep + AttentionFlopsPerStep) / StepMedian / 1e9;
    /// <summary>Rate of the GEMM calls themselves: GEMM FLOPs ÷ time inside GEMM.</summary>
    public double GemmGflops => GemmFlopsPerStep / GemmSecondsPerStep / 1e9;
    /// <summary><see cref="GemmGflops"/> as a share of the OpenBLAS rate.</summary>
    public double? GemmPeakShare => OpenBlasGflops is { } o && o > 0 ? GemmGflops / o : null;
    /// <summary><see cref="Gflops"/> (whole step) as a share of the OpenBLAS rate.</summary>
    public double? StepPeakShare => OpenBlasGflops is { } o && o > 0 ? Gflops / o : null;

    /// <summary>The median of a non-empty sequence.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    /// <summary>One JSON object with the peer's field names plus our own (GEMM rates, profile).</summary>
    public string ToJson()
    {
        double R(double x, int digits = 6) => Math.Round(x, digits);
        double Ph(Func<StepPhases, double> f) => R(Median(Steps.Select(f)));
        var phases = new JsonObject
        {
            ["policy_fwd_s"] = Ph(s => s.PolicyForward), ["ref_fwd_s"] = Ph(s => s.RefForward),
            ["loss_bwd_s"] = Ph(s => s.LossBackward), ["clip_opt_s"] = Ph(s => s.ClipOptimizer),
        };
        var groups = new JsonObject();
        foreach (var g in GemmGroups) groups[g.Group] = new JsonObject { ["s"] = R(g.Seconds), ["gflop"] = R(g.Gflop, 3), ["gflops"] = R(g.Seconds > 0 ? g.Gflop / g.Seconds : 0, 2) };
        var o = new JsonObject
        {
            ["impl"] = "sharpalign",
            ["threads"] = Threads,
            ["gemm_backend"] = GemmBackend,
            ["step_s_median"] = R(StepMedian),
            ["step_s_min"] = R(Steps.Min(s => s.Total)),
            ["step_s_mean"] = R(Steps.Average(s => s.Total)),
            ["step_s_spread"] = R(Steps.Max(s => s.Total) - Steps.Min(s => s.Total)),
            ["tokens_per_s"] = R(TokensPerSecond, 2),
            ["peak_rss_mb"] = R(PeakRssMb, 1),
            ["peak_rss_before_steps_mb"] = R(PeakRssBeforeStepsMb, 1),
            ["step_times_s"] = new JsonArray(Steps.Select(s => (JsonNode)R(s.Total)).ToArray()),
            ["ref_fwd_s"] = phases["ref_fwd_s"]!.DeepClone(),
            ["policy_fwd_s"] = phases["policy_fwd_s"]!.DeepClone(),
            ["loss_bwd_s"] = phases["loss_bwd_s"]!.DeepClone(),
            ["clip_opt_s"] = phases["clip_opt_s"]!.DeepClone(),
            ["phase_median_s"] = phases,
            ["gflops"] = R(Gflops, 2),
            ["gemm_gflops"] = R(GemmGflops, 2),
            ["gemm_s_per_step"] = R(GemmSecondsPerStep),
            ["gemm_share_of_step"] = R(GemmSecondsPerStep / Steps.Average(s => s.Total), 4),
            ["gemm_gflop_per_step"] = R(GemmFlopsPerStep / 1e9, 3),
            ["attention_gflop_per_step"] = R(AttentionFlopsPerStep / 1e9, 3),
            ["openblas_gflops"] = OpenBlasGflops is { } ob ? R(ob, 2) : null,
            ["openblas_shape"] = OpenBlasShape,
            ["gemm_peak_share"] = GemmPeakShare is { } gs ? R(gs, 4) : null,
            ["step_peak_share"] = StepPeakShare is { } ss ? R(ss, 4) : null,
            ["gemm_by_layer"] = groups,
            ["gemm_top_shapes"] = new JsonArray(TopShapes.Select(t => (JsonNode)new JsonObject
                { ["shape"] = t.Shape, ["calls"] = R(t.Calls, 2), ["s"] = R(t.Seconds), ["gflops"] = R(t.Gflops, 2) }).ToArray()),
            ["loss_first"] = LossFirst,
            ["loss_last"] = LossLast,
            ["model"] = Model,
            ["params_total"] = ParamsTotal,
            ["params_trainable"] = ParamsTrainable,
            ["pairs"] = Options.Pairs.Count,
            ["rows"] = 2 * Options.Pairs.Count,
            ["real_tokens_per_step"] = RowTokens,
            ["packed_tokens_per_step"] = PackedTokens,
            ["completion_tokens_per_step"] = ScoredTokens,
            ["prefix_sharing"] = Options.PrefixSharing,
            ["gradient_checkpointing"] = Options.GradientCheckpointing,
            ["lora_r"] = Options.LoraRank,
            ["lora_alpha"] = Options.LoraRank > 0 ? Options.LoraAlpha ?? 2f * Options.LoraRank : null,
            ["reference"] = Options.LoraRank > 0 ? "adapters-disabled" : "frozen-copy",
            ["steps"] = Options.Steps,
            ["warmup"] = Options.Warmup,
            ["seed"] = Options.Seed,
            ["beta"] = Options.Beta,
            ["lr"] = Options.LearningRate,
            ["max_grad_norm"] = Options.MaxGradNorm,
            ["dtype"] = "float32",
        };
        return o.ToJsonString();
    }
}
