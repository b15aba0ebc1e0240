using System.Text.Json.Serialization;

namespace SharpAlign.Demo;

/// <summary>One preference-training run's outcome, as written to <c>summary.json</c>.</summary>
public sealed record DemoRunSummary
{
    /// <summary>Run name (loss and β).</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }
    /// <summary>The loss trained with.</summary>
    [JsonPropertyName("loss_type")] public required string LossType { get; init; }
    /// <summary>β of the loss.</summary>
    [JsonPropertyName("beta")] public required double Beta { get; init; }
    /// <summary>Mean held-out reward of the SFT model.</summary>
    [JsonPropertyName("reward_before")] public required double RewardBefore { get; init; }
    /// <summary>Standard error of <see cref="RewardBefore"/>.</summary>
    [JsonPropertyName("reward_before_se")] public required double RewardBeforeStdError { get; init; }
    /// <summary>Mean held-out reward of the trained policy.</summary>
    [JsonPropertyName("reward_after")] public required double RewardAfter { get; init; }
    /// <summary>Standard error of <see cref="RewardAfter"/>.</summary>
    [JsonPropertyName("reward_after_se")] public required double RewardAfterStdError { get; init; }
    /// <summary>KL(policy ‖ SFT) in nats per completion, estimated from the policy's samples.</summary>
    [JsonPropertyName("kl")] public required double Kl { get; init; }
    /// <summary>Standard error of <see cref="Kl"/>.</summary>
    [JsonPropertyName("kl_se")] public required double KlStdError { get; init; }
    /// <summary>Share of the SFT model's completions the grammar accepts.</summary>
    [JsonPropertyName("fluency_before")] public required double FluencyBefore { get; init; }
    /// <summary>Share of the policy's completions the grammar accepts.</summary>
    [JsonPropertyName("fluency_after")] public required double FluencyAfter { get; init; }
    /// <summary>Mean completion length of the policy, in tokens.</summary>
    [JsonPropertyName("mean_tokens_after")] public required double MeanTokensAfter { get; init; }
    /// <summary>Wall time of the preference training.</summary>
    [JsonPropertyName("train_seconds")] public required double TrainSeconds { get; init; }
}

/// <summary>The whole demo's outcome, as written to <c>summary.json</c>.</summary>
public sealed record DemoSummary
{
    /// <summary>The seed of the run.</summary>
    [JsonPropertyName("seed")] public required int Seed { get; init; }
    /// <summary>Preference pairs built from the SFT model's samples.</summary>
    [JsonPropertyName("pairs")] public required int Pairs { get; init; }
    /// <summary>Held-out completions each model was evaluated on.</summary>
    [JsonPropertyName("eval_samples")] public required int EvalSamples { get; init; }
    /// <summary>Completions sampled per held-out prompt.</summary>
    [JsonPropertyName("eval_samples_per_prompt")] public required int EvalSamplesPerPrompt { get; init; }
    /// <summary>Mean held-out completion length of the SFT model, in tokens.</summary>
    [JsonPropertyName("sft_mean_tokens")] public required double SftMeanTokens { get; init; }
    /// <summary>Wall time of the SFT stage (0 when it was cached).</summary>
    [JsonPropertyName("sft_train_seconds")] public required double SftTrainSeconds { get; init; }
    /// <summary>One entry per preference-training run.</summary>
    [JsonPropertyName("runs")] public required IReadOnlyList<DemoRunSummary> Runs { get; init; }
    /// <summary>Wall time of this invocation of the pipeline (cached stages cost almost nothing).</summary>
    [JsonPropertyName("elapsed_s")] public required double ElapsedSeconds { get; init; }
}
