namespace SharpAlign.Objectives.Constraints;

/// <summary>
/// A penalty added to a paired objective — the extension point for constraints (e.g. the seed's
/// "constitutional" idea: discourage responses an external judge flagged). A term reads the batch
/// (including its named <see cref="PreferenceBatch.Columns"/>), returns its contribution to the loss,
/// adds its partials into the gradient, and may log metrics. Wrap an objective with
/// <see cref="ConstrainedObjective"/> to apply terms.
/// </summary>
/// <example>
/// Penalise the per-token probability of responses with a high "harm" score, at coefficient 0.5:
/// <code>
/// var dpo = ObjectiveRegistry.CreatePaired("sigmoid");
/// var constrained = new ConstrainedObjective(dpo,
///     new ScoreLikelihoodPenalty(coefficient: 0.5, chosenColumn: "harm_chosen", rejectedColumn: "harm_rejected"));
/// var result = constrained.Compute(new PreferenceBatch
/// {
///     PolicyChosen = [...], PolicyRejected = [...], ChosenTokens = [...], RejectedTokens = [...],
///     ReferenceChosen = [...], ReferenceRejected = [...],
///     Columns = new Dictionary&lt;string, double[]&gt; { ["harm_chosen"] = [...], ["harm_rejected"] = [...] },
/// });
/// </code>
/// From a config, <c>constraints: [{name: score_likelihood_penalty, coefficient: 0.5, chosen_column: harm_chosen, rejected_column: harm_rejected}]</c>
/// goes through <see cref="ObjectiveRegistry.CreateConstraint"/>.
/// </example>
public interface IConstraintTerm
{
    /// <summary>Name used in configs and as the metric key prefix.</summary>
    string Name { get; }

    /// <summary>Returns the penalty for the micro-batch; adds ∂penalty/∂(statistic) into <paramref name="gradient"/>.</summary>
    double Apply(PreferenceBatch batch, PreferenceGradient gradient, IDictionary<string, double> metrics);
}
