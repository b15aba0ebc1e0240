namespace SharpAlign.Objectives.Dpo;

/// <summary>
/// <c>mallows-dpo</c> (Mallows-DPO, Chen et al. 2024, Eq. 12, as implemented in
/// martimfasantos/CustomPOs-for-SLMs algorithms/custom_po_trainer.py):
/// L = −log σ(c·βΔ), c = 2φ*·log(H̄ / log V), H̄ = (H_w + H_l)/2 the mean of the two completions'
/// <b>summed</b> token entropies (as the source computes them, not detached), V = <c>vocab_size</c>,
/// φ* = <c>phi_star</c> (−0.8). Note that summed entropies exceed log V for long completions, which
/// flips the sign of c — a property of the source, reproduced as is. H̄ ≤ 0 is rejected.
/// </summary>
public sealed class MallowsDpoLoss(double phiStar, double vocabSize) : IPairLossTerm
{
    /// <inheritdoc />
    public string Name => "mallows-dpo";

    /// <inheritdoc />
    public void Evaluate(PairContext ctx, ReadOnlySpan<double> upstream, Span<double> losses)
    {
        var hw = ctx.Batch.ChosenEntropy;
        var hl = ctx.Batch.RejectedEntropy;
        if (hw is null || hl is null)
            throw new InputException("objective 'mallows-dpo': needs ChosenEntropy and RejectedEntropy (summed token entropies) in the batch");
        double logV = Math.Log(vocabSize);
        for (int i = 0; i < ctx.Count; i++)
        {
            double h = 0.5 * (hw[i] + hl[i]);
            if (!(h > 0))
                throw new InputException($"objective 'mallows-dpo': pair {i} has mean summed entropy {h}; log(H̄/log V) needs H̄ > 0");
            double c = 2 * phiStar * Math.Log(h / logV);
            double z = ctx.Beta * ctx.Delta(i);
            double x = c * z;
            losses[i] = -StableMath.LogSigmoid(x);
            double dx = -StableMath.Sigmoid(-x) * upstream[i];
            ctx.AddDelta(i, dx * c * ctx.Beta);
            double dh = dx * z * 2 * phiStar / h * 0.5;
            ctx.Raw.ChosenEntropy![i] += dh;
            ctx.Raw.RejectedEntropy![i] += dh;
        }
    }
}
