namespace SharpAlign.Training;

/// <summary>What a running trainer reports after each optimizer step (for progress bars and logs).</summary>
/// <param name="Step">Optimizer steps completed.</param>
/// <param name="TotalSteps">Optimizer steps planned.</param>
/// <param name="Epoch">Fractional epoch reached.</param>
/// <param name="Loss">Mean loss of the last optimizer step.</param>
/// <param name="RewardAccuracy">rewards/accuracies of the last step, when the objective has rewards.</param>
/// <param name="TokensPerSecond">Tokens processed per second over the run so far.</param>
/// <param name="Elapsed">Wall time since training started (this process).</param>
/// <param name="Eta">Estimated time to completion from this process's average step time, when known.</param>
/// <param name="Message">A one-line note (checkpoint saved, evaluation, skipped step), or null.</param>
public sealed record TrainingProgress(int Step, int TotalSteps, double Epoch, double Loss, double? RewardAccuracy,
    double TokensPerSecond, TimeSpan Elapsed, TimeSpan? Eta, string? Message = null);
