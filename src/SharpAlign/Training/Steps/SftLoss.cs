using SharpAlign.Models;

namespace SharpAlign.Training.Steps;

/// <summary>
/// Supervised fine-tuning: the mean negative log-likelihood of the completion tokens,
/// L = −Σ log p(yₜ) / T, where T counts the completion tokens of the whole optimizer batch
/// (micro-batches are weighted by their token counts), as TRL's SFTTrainer normalises it.
/// Logs <c>nll</c> (the micro-batch token mean) and <c>num_tokens</c>.
/// </summary>
public sealed class SftLoss(CausalLM policy) : IMicroBatchLoss
{
    /// <inheritdoc />
    public double Size(MicroBatch batch) => batch.Batch.ScoredCount;

    /// <inheritdoc />
    public MicroBatchOutcome Run(MicroBatch mb, double weight, bool backward)
    {
        var b = mb.Batch;
        int t = b.ScoredCount;
        if (t == 0) throw new InputException("an SFT micro-batch has no completion tokens to train on");
        var fr = policy.Forward(b, training: backward);
        double sum = 0;
        foreach (float x in fr.LogProbs) sum += x;
        double loss = -sum / t;
        var metrics = new Dictionary<string, double> { ["nll"] = loss, ["num_tokens"] = t };
        if (!double.IsFinite(loss)) return new MicroBatchOutcome(loss, metrics, false);
        if (backward)
        {
            var d = new float[t];
            Array.Fill(d, (float)(-weight / t));
            policy.Backward(d);
        }
        return new MicroBatchOutcome(loss, metrics, true);
    }
}
