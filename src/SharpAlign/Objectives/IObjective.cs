namespace SharpAlign.Objectives;

/// <summary>
/// A training objective: a pure function of per-sequence statistics (DESIGN.md idea 1). The
/// heavy model code computes the statistics (summed log-probs, token counts, …) of a micro-batch,
/// calls the objective once, and back-propagates the returned per-statistic gradients into the
/// tokens. Everything is double precision.
/// </summary>
/// <remarks>
/// <para><b>Batches.</b> The objective takes a whole micro-batch because several losses couple
/// examples: <c>aot</c>/<c>aot_unpaired</c> sort over the batch, <c>sft</c> and the CPO/SimPO/ORPO
/// NLL are token means pooled over the batch, <c>kto_pair</c> and KTO use batch KL means. The loss is
/// the mean over the micro-batch exactly as TRL computes it.</para>
/// <para><b>Gradient accumulation.</b> To match TRL, call the objective once per micro-batch and scale
/// its loss and gradients by 1/accumulation_steps (TRL's Trainer averages micro-batch means, §4.7
/// of research/losses.md): batch-level statistics are then per micro-batch, as in TRL, and the
/// result depends on the micro-batch size for the batch-coupled losses above. A trainer that wants the
/// full-batch value instead can first compute the statistics of every micro-batch (forward only),
/// call the objective once on their concatenation, then replay each micro-batch's forward+backward
/// with its slice of the gradient arrays: the gradients are exact per-example partials of the
/// full-batch loss, so slicing them is correct.</para>
/// </remarks>
public interface IObjective
{
    /// <summary>Registry entry this objective was built from (name, hyperparameters, formula, source).</summary>
    ObjectiveInfo Info { get; }
}

/// <summary>An objective over preference pairs (chosen vs rejected).</summary>
public interface IPairedObjective : IObjective
{
    /// <summary>Loss, gradient and metrics of one micro-batch; throws <see cref="InputException"/> on undefined input.</summary>
    ObjectiveResult<PreferenceGradient> Compute(PreferenceBatch batch);
}

/// <summary>An objective over unpaired examples (one completion with a desirable/undesirable label).</summary>
public interface IUnpairedObjective : IObjective
{
    /// <summary>Loss, gradient and metrics of one micro-batch; throws <see cref="InputException"/> on undefined input.</summary>
    ObjectiveResult<UnpairedGradient> Compute(UnpairedBatch batch);
}
