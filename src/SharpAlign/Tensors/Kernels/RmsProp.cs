using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpAlign.Tensors.Kernels;

/// <summary>
/// One fused RMSprop step with PyTorch's <c>torch.optim.RMSprop</c> semantics (centered off):
/// g ← g + λ·p (if weight decay);  v ← α·v + (1−α)·g²;  a = √v + ε;
/// without momentum p ← p − lr·g/a; with momentum μ: b ← μ·b + g/a, p ← p − lr·b.
/// Chunks run in parallel.
/// </summary>
public static unsafe class RmsProp
{
    private const int ChunkSize = 4096;

    /// <summary>Hyper-parameters of one step (torch defaults: alpha 0.99, eps 1e-8).</summary>
    /// <param name="Lr">Learning rate.</param>
    /// <param name="Alpha">Smoothing constant α of the squared-gradient average.</param>
    /// <param name="Eps">ε added to √v.</param>
    /// <param name="WeightDecay">L2 penalty λ added to the gradient.</param>
    /// <param name="Momentum">Momentum μ (0 = none; then the buffer is not touched).</param>
    public readonly record struct Settings(float Lr, float Alpha = 0.99f, float Eps = 1e-8f, float WeightDecay = 0f, float Momentum = 0f);

    /// <summary>Updates <paramref name="param"/>, <paramref name="squareAvg"/> and (with momentum) <paramref name="momentumBuffer"/> in place.</summary>
    public static void Step(Span<float> param, ReadOnlySpan<float> grad, Span<float> squareAvg, Span<float> momentumBuffer, Settings s)
    {
        int n = param.Length;
        if (grad.Length != n || squareAvg.Length != n || (s.Momentum > 0 && momentumBuffer.Length != n))
            throw new ArgumentException($"RmsProp: param {n}, grad {grad.Length}, squareAvg {squareAvg.Length}, momentum buffer {momentumBuffer.Length} must be equal");
        fixed (float* p = param) fixed (float* g = grad) fixed (float* v = squareAvg) fixed (float* b = momentumBuffer)
        {
            var job = new Job { P = p, G = g, V = v, B = b, N = n, Lr = s.Lr, Alpha = s.Alpha, W = 1 - s.Alpha, Eps = s.Eps, Wd = s.WeightDecay, Mu = s.Momentum };
            ParallelRanges.For(ref job, (n + ChunkSize - 1) / ChunkSize, ChunkSize * 4L);
        }
    }

    private struct Job : IRangeJob
    {
        public float* P, G, V, B;
        public int N;
        public float Lr, Alpha, W, Eps, Wd, Mu;

        public void Run(int start, int end)
        {
            int i = start * ChunkSize, last = Math.Min(end * ChunkSize, N);
            bool momentum = Mu > 0;
            if (Avx512F.IsSupported)
            {
                var lr = Vector512.Create(Lr);
                var alpha = Vector512.Create(Alpha);
                var w = Vector512.Create(W);
                var eps = Vector512.Create(Eps);
                var wd = Vector512.Create(Wd);
                var mu = Vector512.Create(Mu);
                for (; i <= last - 16; i += 16)
                {
                    var p = Vector512.Load(P + i);
                    var g = Vector512.Load(G + i);
                    if (Wd != 0) g += wd * p;
                    var v = alpha * Vector512.Load(V + i) + w * (g * g);
                    v.Store(V + i);
                    var a = Vector512.Sqrt(v) + eps;
                    if (momentum)
                    {
                        var b = mu * Vector512.Load(B + i) + g / a;
                        b.Store(B + i);
                        (p - lr * b).Store(P + i);
                    }
                    else (p - lr * (g / a)).Store(P + i);
                }
            }
            for (; i < last; i++)
            {
                float p = P[i], g = G[i];
                if (Wd != 0) g += Wd * p;
                float v = Alpha * V[i] + W * (g * g);
                V[i] = v;
                float a = MathF.Sqrt(v) + Eps;
                if (momentum)
                {
                    float b = Mu * B[i] + g / a;
                    B[i] = b;
                    P[i] = p - Lr * b;
                }
                else P[i] = p - Lr * (g / a);
            }
        }
    }
}
