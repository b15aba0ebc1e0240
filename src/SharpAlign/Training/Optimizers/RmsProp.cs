using SharpAlign.Models;
using SharpAlign.Tensors;

namespace SharpAlign.Training.Optimizers;

/// <summary>
/// RMSprop as torch.optim.RMSprop with its defaults (α = 0.99, ε = 1e-8, no momentum, not
/// centred), which is what transformers' <c>optim: rmsprop</c> builds and what the DPO paper used:
/// g ← g + λθ; s ← αs + (1−α)g²; θ ← θ − lr·g / (√s + ε).
/// </summary>
public sealed class RmsProp : IOptimizer
{
    private const float Alpha = 0.99f, Eps = 1e-8f;
    private readonly List<(Parameter P, Tensor S, bool Decay)> _slots = new();
    private readonly Dictionary<string, Tensor> _state = new();
    private readonly float _weightDecay;

    /// <inheritdoc />
    public int StepCount { get; private set; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> State => _state;

    /// <summary>Creates the optimizer over trainable parameters.</summary>
    public RmsProp(IEnumerable<Parameter> parameters, double weightDecay)
    {
        _weightDecay = (float)weightDecay;
        foreach (var p in parameters)
        {
            var s = new Tensor(p.Value.Shape);
            _slots.Add((p, s, WeightDecayPolicy.Decays(p.Name)));
            _state[p.Name + ".square_avg"] = s;
        }
    }

    /// <inheritdoc />
    public void Step(double lr)
    {
        StepCount++;
        foreach (var (p, sq, decay) in _slots)
            Tensors.Kernels.RmsProp.Step(p.Value.Span, p.Grad!.Span, sq.Span, Span<float>.Empty,
                new Tensors.Kernels.RmsProp.Settings((float)lr, Alpha, Eps, decay ? _weightDecay : 0));
    }

    /// <inheritdoc />
    public void RestoreStepCount(int steps) => StepCount = steps;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _state.Values) t.Dispose();
    }
}
