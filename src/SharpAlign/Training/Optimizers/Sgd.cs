using SharpAlign.Models;
using SharpAlign.Tensors;

namespace SharpAlign.Training.Optimizers;

/// <summary>
/// Plain SGD as torch.optim.SGD with momentum 0 (what transformers' <c>optim: sgd</c> builds):
/// g ← g + λθ (L2 weight decay); θ ← θ − lr·g.
/// </summary>
public sealed class Sgd : IOptimizer
{
    private readonly List<(Parameter P, bool Decay)> _params;
    private readonly float _weightDecay;

    /// <inheritdoc />
    public int StepCount { get; private set; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> State { get; } = new Dictionary<string, Tensor>();

    /// <summary>Creates the optimizer over trainable parameters.</summary>
    public Sgd(IEnumerable<Parameter> parameters, double weightDecay)
    {
        _params = parameters.Select(p => (p, WeightDecayPolicy.Decays(p.Name))).ToList();
        _weightDecay = (float)weightDecay;
    }

    /// <inheritdoc />
    public void Step(double lr)
    {
        StepCount++;
        float flr = (float)lr;
        foreach (var (p, decay) in _params)
        {
            var w = p.Value.Span;
            var g = p.Grad!.Span;
            float wd = decay ? _weightDecay : 0;
            for (int i = 0; i < w.Length; i++)
            {
                float gi = wd != 0 ? g[i] + wd * w[i] : g[i];
                w[i] += -flr * gi;
            }
        }
    }

    /// <inheritdoc />
    public void RestoreStepCount(int steps) => StepCount = steps;

    /// <inheritdoc />
    public void Dispose() { }
}
