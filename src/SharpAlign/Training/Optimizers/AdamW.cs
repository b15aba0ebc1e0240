using SharpAlign.Models;
using SharpAlign.Tensors;

namespace SharpAlign.Training.Optimizers;

/// <summary>
/// AdamW as torch.optim.AdamW computes it (Loshchilov &amp; Hutter, decoupled weight decay):
/// θ ← θ·(1 − lr·λ); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// θ ← θ − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε). Float32 state; the update is the compute
/// core's fused kernel (<see cref="Tensors.Kernels.AdamW"/>); biases and norms get no weight decay.
/// </summary>
public sealed class AdamW : IOptimizer
{
    private readonly List<(Parameter P, Tensor M, Tensor V, bool Decay)> _slots = new();
    private readonly Dictionary<string, Tensor> _state = new();
    private readonly float _beta1, _beta2, _eps, _weightDecay;

    /// <inheritdoc />
    public int StepCount { get; private set; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> State => _state;

    /// <summary>Creates the optimizer over trainable parameters.</summary>
    public AdamW(IEnumerable<Parameter> parameters, double beta1, double beta2, double eps, double weightDecay)
    {
        (_beta1, _beta2, _eps, _weightDecay) = ((float)beta1, (float)beta2, (float)eps, (float)weightDecay);
        foreach (var p in parameters)
        {
            var m = new Tensor(p.Value.Shape);
            var v = new Tensor(p.Value.Shape);
            _slots.Add((p, m, v, WeightDecayPolicy.Decays(p.Name)));
            _state[p.Name + ".exp_avg"] = m;
            _state[p.Name + ".exp_avg_sq"] = v;
        }
    }

    /// <inheritdoc />
    public void Step(double lr)
    {
        StepCount++;
        foreach (var (p, m, v, decay) in _slots)
            Tensors.Kernels.AdamW.Step(p.Value.Span, p.Grad!.Span, m.Span, v.Span,
                new Tensors.Kernels.AdamW.Settings((float)lr, _beta1, _beta2, _eps, decay ? _weightDecay : 0, StepCount));
    }

    /// <inheritdoc />
    public void RestoreStepCount(int steps) => StepCount = steps;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _state.Values) t.Dispose();
    }
}
