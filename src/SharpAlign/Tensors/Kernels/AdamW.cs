using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpAlign.Tensors.Kernels;

/// <summary>
/// One fused AdamW step over a parameter tensor, with PyTorch's <c>torch.optim.AdamW</c>
/// semantics (amsgrad off, maximize off):
/// p ← p·(1 − lr·λ);  m ← m + (1−β₁)(g − m);  v ← β₂·v + (1−β₂)·g²;
/// p ← p − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε).
/// Decoupled weight decay, bias correction; <c>step</c> t counts from 1. Chunks run in parallel.
/// </summary>
public static unsafe class AdamW
{
    private const int ChunkSize = 4096;

    /// <summary>Hyper-parameters of one step.</summary>
    /// <param name="Lr">Learning rate.</param>
    /// <param name="Beta1">First-moment decay β₁.</param>
    /// <param name="Beta2">Second-moment decay β₂.</param>
    /// <param name="Eps">ε added to the denominator.</param>
    /// <param name="WeightDecay">Decoupled weight decay λ.</param>
    /// <param name="Step">Step number t (1 for the first update).</param>
    public readonly record struct Settings(float Lr, float Beta1, float Beta2, float Eps, float WeightDecay, int Step);

    /// <summary>Updates <paramref name="param"/>, <paramref name="m"/> and <paramref name="v"/> in place from <paramref name="grad"/> (all the same length).</summary>
    public static void Step(Span<float> param, ReadOnlySpan<float> grad, Span<float> m, Span<float> v, Settings s)
    {
        int n = param.Length;
        if (grad.Length != n || m.Length != n || v.Length != n)
            throw new ArgumentException($"AdamW: param {n}, grad {grad.Length}, m {m.Length}, v {v.Length} must be equal");
        if (s.Step < 1) throw new ArgumentOutOfRangeException(nameof(s), $"AdamW: step must be ≥ 1, got {s.Step}");
        double bc1 = 1 - Math.Pow(s.Beta1, s.Step);
        double bc2 = 1 - Math.Pow(s.Beta2, s.Step);
        fixed (float* p = param) fixed (float* g = grad) fixed (float* pm = m) fixed (float* pv = v)
        {
            var job = new Job
            {
                P = p, G = g, M = pm, V = pv, N = n,
                Decay = 1 - s.Lr * s.WeightDecay, W1 = 1 - s.Beta1, Beta2 = s.Beta2, W2 = 1 - s.Beta2,
                StepSize = (float)(s.Lr / bc1), Bc2Sqrt = (float)Math.Sqrt(bc2), Eps = s.Eps,
            };
            ParallelRanges.For(ref job, (n + ChunkSize - 1) / ChunkSize, ChunkSize * 4L);
        }
    }

    private struct Job : IRangeJob
    {
        public float* P, G, M, V;
        public int N;
        public float Decay, W1, Beta2, W2, StepSize, Bc2Sqrt, Eps;

        public void Run(int start, int end)
        {
            int i = start * ChunkSize, last = Math.Min(end * ChunkSize, N);
            if (Avx512F.IsSupported)
            {
                var decay = Vector512.Create(Decay);
                var w1 = Vector512.Create(W1);
                var beta2 = Vector512.Create(Beta2);
                var w2 = Vector512.Create(W2);
                var step = Vector512.Create(StepSize);
                var bc2 = Vector512.Create(Bc2Sqrt);
                var eps = Vector512.Create(Eps);
                for (; i <= last - 16; i += 16)
                {
                    var g = Vector512.Load(G + i);
                    var m = Vector512.Load(M + i);
                    m += w1 * (g - m);
                    var v = beta2 * Vector512.Load(V + i) + w2 * (g * g);
                    var p = Vector512.Load(P + i) * decay;
                    p -= step * (m / (Vector512.Sqrt(v) / bc2 + eps));
                    m.Store(M + i);
                    v.Store(V + i);
                    p.Store(P + i);
                }
            }
            for (; i < last; i++)
            {
                float g = G[i];
                float m = M[i] + W1 * (g - M[i]);
                float v = Beta2 * V[i] + W2 * (g * g);
                M[i] = m;
                V[i] = v;
                P[i] = P[i] * Decay - StepSize * (m / (MathF.Sqrt(v) / Bc2Sqrt + Eps));
            }
        }
    }
}
