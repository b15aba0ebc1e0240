using SharpAlign.Models;

namespace SharpAlign.Training.Optimizers;

/// <summary>
/// Clipping by global norm as torch.nn.utils.clip_grad_norm_ does it:
/// n = ‖(‖g₁‖, ‖g₂‖, …)‖₂; if max &gt; 0, every gradient is scaled by min(1, max / (n + 1e-6)).
/// The norm is accumulated in float64 in parameter order, so it is deterministic.
/// </summary>
public static class GradientClipping
{
    /// <summary>The global L2 norm of the trainable parameters' gradients (NaN/∞ propagate).</summary>
    public static double GlobalNorm(IEnumerable<Parameter> parameters)
    {
        double sum = 0;
        foreach (var p in parameters)
        {
            if (p.Grad is null) continue;
            foreach (float g in p.Grad.Span) sum += (double)g * g;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>Clips in place; returns the norm before clipping (what the Trainer logs as grad_norm).</summary>
    public static double ClipByGlobalNorm(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        double norm = GlobalNorm(parameters);
        if (maxNorm <= 0 || !double.IsFinite(norm)) return norm;
        double coef = maxNorm / (norm + 1e-6);
        if (coef >= 1) return norm;
        float f = (float)coef;
        foreach (var p in parameters)
        {
            if (p.Grad is null) continue;
            var g = p.Grad.Span;
            for (int i = 0; i < g.Length; i++) g[i] *= f;
        }
        return norm;
    }
}
