namespace SharpAlign.Training;

/// <summary>How a run ended and where its outputs are.</summary>
/// <param name="OutputDir">The run's output folder.</param>
/// <param name="ModelPath">The final model folder or PEFT adapter folder (null when the run was cancelled).</param>
/// <param name="LastCheckpoint">The newest checkpoint folder, if any.</param>
/// <param name="GlobalStep">Optimizer steps completed.</param>
/// <param name="SkippedSteps">Steps skipped for non-finite loss or gradients.</param>
/// <param name="Cancelled">True when the run stopped on cancellation (after saving a checkpoint).</param>
/// <param name="TrainSeconds">Wall time of the training loop in this process.</param>
public sealed record TrainingResult(string OutputDir, string? ModelPath, string? LastCheckpoint, int GlobalStep, int SkippedSteps, bool Cancelled, double TrainSeconds);
