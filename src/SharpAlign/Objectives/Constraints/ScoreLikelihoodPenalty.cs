namespace SharpAlign.Objectives.Constraints;

/// <summary>
/// The worked constraint example (<c>score_likelihood_penalty</c>): with external per-example scores
/// v (e.g. a judge's violation score in [0, 1], from named batch columns) and the policy's per-token
/// geometric-mean probability g(y) = exp(ℓ_θ(y)/n),
/// P = λ · mean_i [ v_w,i · g(y_w,i) + v_l,i · g(y_l,i) ].
/// Minimising P lowers the likelihood of flagged responses in proportion to their score; it is
/// bounded (0 ≤ P ≤ λ·max v·2) and its push fades as g → 0, so it cannot run away the way a raw
/// log-prob penalty would. ∂P/∂ℓ_θ(y) = λ·v·g(y)/(n·B), ∂P/∂v = λ·g(y)/B. Either column may be omitted (that side gets no penalty).
/// Also logs <c>constraint/score_likelihood_penalty/mean_prob</c> (mean g over penalised sequences).
/// </summary>
public sealed class ScoreLikelihoodPenalty : IConstraintTerm
{
    private readonly double _coefficient;
    private readonly string? _chosen;
    private readonly string? _rejected;

    /// <summary>Creates the penalty λ·v·g; at least one column name is needed; λ ≥ 0.</summary>
    public ScoreLikelihoodPenalty(double coefficient, string? chosenColumn, string? rejectedColumn)
    {
        if (!(coefficient >= 0) || !double.IsFinite(coefficient))
            throw new InputException($"constraint 'score_likelihood_penalty': coefficient = {coefficient} must be a finite number ≥ 0");
        if (string.IsNullOrEmpty(chosenColumn) && string.IsNullOrEmpty(rejectedColumn))
            throw new InputException("constraint 'score_likelihood_penalty': give chosen_column and/or rejected_column (the score columns to read)");
        _coefficient = coefficient;
        _chosen = string.IsNullOrEmpty(chosenColumn) ? null : chosenColumn;
        _rejected = string.IsNullOrEmpty(rejectedColumn) ? null : rejectedColumn;
    }

    /// <inheritdoc />
    public string Name => "score_likelihood_penalty";

    /// <inheritdoc />
    public double Apply(PreferenceBatch batch, PreferenceGradient gradient, IDictionary<string, double> metrics)
    {
        int n = batch.Count;
        double total = 0, probSum = 0;
        int probCount = 0;
        foreach (var (column, logp, tokens, side) in new[]
                 {
                     (_chosen, batch.PolicyChosen, batch.ChosenTokens, gradient.PolicyChosen),
                     (_rejected, batch.PolicyRejected, batch.RejectedTokens, gradient.PolicyRejected),
                 })
        {
            if (column is null) continue;
            if (batch.Columns is null || !batch.Columns.TryGetValue(column, out var v))
                throw new InputException($"constraint 'score_likelihood_penalty': the batch has no column '{column}'" +
                    (batch.Columns is null ? "" : NameMatcher.Suggest(column, batch.Columns.Keys)));
            PreferenceBatch.RequireNonEmpty(Name, column == _chosen ? "ChosenTokens" : "RejectedTokens", tokens);
            for (int i = 0; i < n; i++)
            {
                double g = Math.Exp(logp[i] / tokens[i]);
                total += _coefficient * v[i] * g / n;
                side[i] += _coefficient * v[i] * g / tokens[i] / n;
                gradient.Columns[column][i] += _coefficient * g / n;
                probSum += g;
                probCount++;
            }
        }
        metrics[$"constraint/{Name}/mean_prob"] = probSum / probCount;
        return total;
    }
}
