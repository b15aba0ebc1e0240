using SharpAlign.Models;
using SharpAlign.Tensors;

namespace SharpAlign.Training.Optimizers;

/// <summary>
/// Adafactor (Shazeer &amp; Stern 2018) as transformers' <c>Adafactor</c> runs under
/// <c>optim: adafactor</c> (scale_parameter=False, relative_step=False, warmup_init=False,
/// β₁ = None, clip_threshold 1, decay_rate −0.8, ε₁ = 1e-30):
/// β₂ₜ = 1 − t^−0.8; u = g² + ε₁; for a matrix, row and column means of u are tracked
/// (R ← β₂ₜR + (1−β₂ₜ)·mean_j u, C ← β₂ₜC + (1−β₂ₜ)·mean_i u) and
/// update = g / √(R_i/mean(R) · C_j); for a vector V ← β₂ₜV + (1−β₂ₜ)u, update = g/√V;
/// update ← lr · update / max(1, RMS(update)); θ ← θ − lr·λ·θ − update.
/// </summary>
public sealed class Adafactor : IOptimizer
{
    private const double DecayRate = -0.8, ClipThreshold = 1.0;
    private const float Eps1 = 1e-30f;
    private readonly List<(Parameter P, Tensor A, Tensor? C, bool Decay)> _slots = new();
    private readonly Dictionary<string, Tensor> _state = new();
    private readonly float _weightDecay;
    private float[] _update = [];

    /// <inheritdoc />
    public int StepCount { get; private set; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> State => _state;

    /// <summary>Creates the optimizer over trainable parameters (vectors and matrices).</summary>
    public Adafactor(IEnumerable<Parameter> parameters, double weightDecay)
    {
        _weightDecay = (float)weightDecay;
        foreach (var p in parameters)
        {
            var shape = p.Value.Shape;
            if (shape.Length == 2)
            {
                var row = new Tensor(shape[0]);
                var col = new Tensor(shape[1]);
                _slots.Add((p, row, col, WeightDecayPolicy.Decays(p.Name)));
                _state[p.Name + ".exp_avg_sq_row"] = row;
                _state[p.Name + ".exp_avg_sq_col"] = col;
            }
            else if (shape.Length == 1)
            {
                var v = new Tensor(shape[0]);
                _slots.Add((p, v, null, WeightDecayPolicy.Decays(p.Name)));
                _state[p.Name + ".exp_avg_sq"] = v;
            }
            else throw new ArgumentException($"Adafactor supports vectors and matrices; {p.Name} has shape [{string.Join(",", shape)}]");
        }
    }

    /// <inheritdoc />
    public void Step(double lr)
    {
        StepCount++;
        float beta2t = (float)(1.0 - Math.Pow(StepCount, DecayRate));
        float flr = (float)lr;
        foreach (var (p, a, c, decay) in _slots)
        {
            var w = p.Value.Span;
            var g = p.Grad!.Span;
            if (_update.Length < w.Length) _update = new float[w.Length];
            var u = _update.AsSpan(0, w.Length);
            if (c is null) VectorUpdate(g, a.Span, u, beta2t);
            else MatrixUpdate(g, a.Span, c.Span, u, beta2t);

            double sq = 0;
            foreach (float x in u) sq += (double)x * x;
            float rms = (float)Math.Sqrt(sq / u.Length);
            float scale = flr / MathF.Max(rms / (float)ClipThreshold, 1f);
            float wd = decay ? _weightDecay : 0;
            for (int i = 0; i < w.Length; i++)
            {
                if (wd != 0) w[i] += w[i] * (-wd * flr);
                w[i] += -(u[i] * scale);
            }
        }
    }

    private static void VectorUpdate(ReadOnlySpan<float> g, Span<float> v, Span<float> u, float beta2t)
    {
        for (int i = 0; i < g.Length; i++)
        {
            v[i] = v[i] * beta2t + (g[i] * g[i] + Eps1) * (1 - beta2t);
            u[i] = g[i] / MathF.Sqrt(v[i]);
        }
    }

    // g, u: [rows, cols]; r: [rows]; c: [cols]
    private static void MatrixUpdate(ReadOnlySpan<float> g, Span<float> r, Span<float> c, Span<float> u, float beta2t)
    {
        int rows = r.Length, cols = c.Length;
        var colSum = new double[cols];
        for (int i = 0; i < rows; i++)
        {
            double rowSum = 0;
            for (int j = 0; j < cols; j++)
            {
                float x = g[i * cols + j] * g[i * cols + j] + Eps1;
                rowSum += x;
                colSum[j] += x;
            }
            r[i] = r[i] * beta2t + (float)(rowSum / cols) * (1 - beta2t);
        }
        for (int j = 0; j < cols; j++) c[j] = c[j] * beta2t + (float)(colSum[j] / rows) * (1 - beta2t);
        double rMean = 0;
        foreach (float x in r) rMean += x;
        float rm = (float)(rMean / rows);
        for (int i = 0; i < rows; i++)
        {
            float rf = 1 / MathF.Sqrt(r[i] / rm);
            for (int j = 0; j < cols; j++)
                u[i * cols + j] = rf * (1 / MathF.Sqrt(c[j])) * g[i * cols + j];
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
