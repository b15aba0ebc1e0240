namespace SharpAlign.Objectives.Constraints;

/// <summary>
/// An objective plus constraint penalties: loss = inner loss + Σ_t penalty_t, gradients summed,
/// metrics merged (each term logs at least <c>constraint/&lt;name&gt;</c>).
/// </summary>
public sealed class ConstrainedObjective(IPairedObjective inner, params IConstraintTerm[] terms) : IPairedObjective
{
    /// <inheritdoc />
    public ObjectiveInfo Info => inner.Info;

    /// <summary>The penalty terms, in order.</summary>
    public IReadOnlyList<IConstraintTerm> Terms => terms;

    /// <inheritdoc />
    public ObjectiveResult<PreferenceGradient> Compute(PreferenceBatch batch)
    {
        var r = inner.Compute(batch);
        double loss = r.Loss;
        foreach (var t in terms)
        {
            double p = t.Apply(batch, r.Gradient, r.Metrics);
            r.Metrics[$"constraint/{t.Name}"] = p;
            loss += p;
        }
        return new ObjectiveResult<PreferenceGradient> { Loss = loss, Gradient = r.Gradient, Metrics = r.Metrics };
    }
}
