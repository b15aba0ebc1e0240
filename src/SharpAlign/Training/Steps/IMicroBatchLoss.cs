namespace SharpAlign.Training.Steps;

/// <summary>What one micro-batch contributed.</summary>
/// <param name="Loss">The micro-batch's own loss (before weighting).</param>
/// <param name="Metrics">The objective's metrics, means over the micro-batch (TRL names, no prefix).</param>
/// <param name="Finite">False when a statistic or the loss was NaN/∞: nothing was back-propagated.</param>
public sealed record MicroBatchOutcome(double Loss, IReadOnlyDictionary<string, double> Metrics, bool Finite);

/// <summary>
/// The trainer-side half of an objective: runs the policy (and the reference) on a micro-batch,
/// turns log-probs into the objective's statistics, calls it, and back-propagates its gradient.
/// The optimizer-step loss is Σ over micro-batches of weight·loss, where the weights come from
/// <see cref="Size"/> (examples, or tokens for token-mean losses) so the step's loss is the mean over
/// the whole optimizer batch, whatever the micro-batch sizes.
/// </summary>
public interface IMicroBatchLoss
{
    /// <summary>The unit this loss averages over, for weighting micro-batches (examples or tokens).</summary>
    double Size(MicroBatch batch);

    /// <summary>
    /// Computes the loss of <paramref name="batch"/>; with <paramref name="backward"/>, adds
    /// <paramref name="weight"/>·∂loss/∂θ to the trainable parameters' gradients.
    /// </summary>
    MicroBatchOutcome Run(MicroBatch batch, double weight, bool backward);
}
