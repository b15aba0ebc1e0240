using SharpAlign.Models;
using SharpAlign.Tensors;

namespace SharpAlign.Training.Optimizers;

/// <summary>
/// AdamW as torch.optim.AdamW computes it (Loshchilov &amp; Hutter, decoupled weight decay):
/// θ ← θ·(1 − lr·λ); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// θ ← θ − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε). Float32 state, torch's operation order.
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
        float flr = (float)lr;
        float bc1 = 1 - MathF.Pow(_beta1, StepCount);
        float bc2Sqrt = MathF.Sqrt(1 - MathF.Pow(_beta2, StepCount));
        float stepSize = flr / bc1;
        foreach (var (p, mt, vt, decay) in _slots)
        {
            var w = p.Value.Span;
            var g = p.Grad!.Span;
            var m = mt.Span;
            var v = vt.Span;
            float shrink = decay ? 1 - flr * _weightDecay : 1;
            for (int i = 0; i < w.Length; i++)
            {
                float gi = g[i];
                w[i] *= shrink;
                m[i] = m[i] * _beta1 + gi * (1 - _beta1);
                v[i] = v[i] * _beta2 + gi * gi * (1 - _beta2);
                float denom = MathF.Sqrt(v[i]) / bc2Sqrt + _eps;
                w[i] += -stepSize * (m[i] / denom);
            }
        }
    }

    /// <inheritdoc />
    public void RestoreStepCount(int steps) => StepCount = steps;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _state.Values) t.Dispose();
    }
}
