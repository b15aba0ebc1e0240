using System.Numerics.Tensors;

namespace SharpAlign.Tensors.Kernels;

/// <summary>
/// GELU, tanh approximation (PyTorch <c>approximate="tanh"</c>, HF "gelu_pytorch_tanh"):
/// gelu(x) = ½·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³);
/// gelu'(x) = ½·(1 + t) + ½·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), t = tanh(u).
/// Evaluated through the identity ½·(1 + tanh(u)) = σ(2u), which avoids the cancellation of
/// 1 + t for large negative x: gelu = x·s, gelu' = s + 2·x·s·(1 − s)·√(2/π)·(1 + 3·0.044715·x²), s = σ(2u).
/// </summary>
public static class Gelu
{
    private const int Chunk = 512;
    private const float C = 0.7978845608028654f;
    private const float A = 0.044715f;

    /// <summary>y = gelu(x). y may alias x.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length) throw new ArgumentException($"Gelu: y has {y.Length} elements, x {x.Length}");
        Span<float> s = stackalloc float[Chunk];
        for (int i = 0; i < x.Length; i += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - i);
            var xs = x.Slice(i, n);
            var ss = s[..n];
            Gate(xs, ss);
            TensorPrimitives.Multiply(xs, ss, y.Slice(i, n));
        }
    }

    /// <summary>dx = dy ⊙ gelu'(x). dx may alias dy.</summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        if (dy.Length != x.Length || dx.Length < x.Length) throw new ArgumentException($"Gelu.Backward: x {x.Length}, dy {dy.Length}, dx {dx.Length}");
        Span<float> d = stackalloc float[Chunk];
        for (int i = 0; i < x.Length; i += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - i);
            Derivative(x.Slice(i, n), d[..n]);
            TensorPrimitives.Multiply(dy.Slice(i, n), d[..n], dx.Slice(i, n));
        }
    }

    /// <summary>d = gelu'(x), elementwise.</summary>
    public static void Derivative(ReadOnlySpan<float> x, Span<float> d)
    {
        if (d.Length < x.Length) throw new ArgumentException($"Gelu.Derivative: d has {d.Length} elements, x {x.Length}");
        Span<float> s = stackalloc float[Chunk];
        Span<float> q = stackalloc float[Chunk];
        for (int i = 0; i < x.Length; i += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - i);
            var xs = x.Slice(i, n);
            var ss = s[..n];
            var qs = q[..n];
            var ds = d.Slice(i, n);
            Gate(xs, ss);
            // q = 2·√(2/π)·(1 + 3A·x²)·x
            TensorPrimitives.Multiply(xs, xs, qs);
            TensorPrimitives.Multiply(qs, 6 * A * C, qs);
            TensorPrimitives.Add(qs, 2 * C, qs);
            TensorPrimitives.Multiply(qs, xs, qs);
            // d = s + q·s·(1 − s)
            TensorPrimitives.Subtract(1f, ss, ds);
            TensorPrimitives.Multiply(ds, ss, ds);
            TensorPrimitives.FusedMultiplyAdd(ds, qs, ss, ds);
        }
    }

    /// <summary>s = σ(2u) = ½·(1 + tanh(u)), u = √(2/π)·(x + A·x³).</summary>
    private static void Gate(ReadOnlySpan<float> x, Span<float> s)
    {
        TensorPrimitives.Multiply(x, x, s);
        TensorPrimitives.Multiply(s, 2 * A * C, s);
        TensorPrimitives.Add(s, 2 * C, s);
        TensorPrimitives.Multiply(s, x, s);
        TensorPrimitives.Sigmoid(s, s);
    }
}
