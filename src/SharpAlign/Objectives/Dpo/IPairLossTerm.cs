namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// One loss type of the DPO family (TRL's <c>loss_type</c> entries and CustomPOs' additions).
/// <see cref="DpoObjective"/> prepares the shared quantities in a <see cref="PairContext"/>
/// (LD-DPO-weighted log-probs, log-ratios r, f-divergence scores s) and combines terms with
/// <c>loss_weights</c>; a term only maps those quantities to per-pair losses.
/// </summary>
public interface IPairLossTerm
{
    /// <summary>The TRL / paper name (<c>sigmoid</c>, <c>ipo</c>, <c>dpo-gamma</c>, …).</summary>
    string Name { get; }

    /// <summary>
    /// Writes the per-pair losses L_i into <paramref name="losses"/> and accumulates
    /// Σ_i upstream[i]·∂L_i/∂(x) into the context's gradient arrays for every quantity x it reads.
    /// (The upstream coefficients are known beforehand: loss weight × pair weight / B.)
    /// </summary>
    void Evaluate(PairContext ctx, ReadOnlySpan<double> upstream, Span<double> losses);
}
