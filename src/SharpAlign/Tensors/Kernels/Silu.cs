using System.Numerics.Tensors;

namespace SharpAlign.Tensors.Kernels;

/// <summary>
/// SiLU and the SwiGLU gate of Llama's MLP, forward and backward, elementwise over equal-length spans.
/// silu(x) = x·σ(x); silu'(x) = σ(x)·(1 + x·(1 − σ(x))).
/// SwiGLU: h = silu(g) ⊙ u; backward du = dh ⊙ silu(g), dg = dh ⊙ u ⊙ silu'(g).
/// Work is done in L1-sized chunks with <see cref="TensorPrimitives"/> for the sigmoid.
/// </summary>
public static class Silu
{
    private const int Chunk = 512;

    /// <summary>y = silu(x). y may alias x.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length) throw new ArgumentException($"Silu: y has {y.Length} elements, x {x.Length}");
        Span<float> s = stackalloc float[Chunk];
        for (int i = 0; i < x.Length; i += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - i);
            var xs = x.Slice(i, n);
            var sg = s[..n];
            TensorPrimitives.Sigmoid(xs, sg);
            TensorPrimitives.Multiply(xs, sg, y.Slice(i, n));
        }
    }

    /// <summary>dx = dy ⊙ silu'(x). dx may alias dy.</summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        if (dy.Length != x.Length || dx.Length < x.Length) throw new ArgumentException($"Silu.Backward: x {x.Length}, dy {dy.Length}, dx {dx.Length}");
        Span<float> s = stackalloc float[Chunk];
        Span<float> d = stackalloc float[Chunk];
        for (int i = 0; i < x.Length; i += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - i);
            Derivative(x.Slice(i, n), s[..n], d[..n]);
            TensorPrimitives.Multiply(dy.Slice(i, n), d[..n], dx.Slice(i, n));
        }
    }

    /// <summary>h = silu(gate) ⊙ up. Shapes: gate, up, h of equal length; h may alias gate or up.</summary>
    public static void SwiGluForward(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> h)
    {
        if (up.Length != gate.Length || h.Length < gate.Length) throw new ArgumentException($"SwiGlu: gate {gate.Length}, up {up.Length}, h {h.Length}");
        Span<float> s = stackalloc float[Chunk];
        for (int i = 0; i < gate.Length; i += Chunk)
        {
            int n = Math.Min(Chunk, gate.Length - i);
            var g = gate.Slice(i, n);
            var sg = s[..n];
            TensorPrimitives.Sigmoid(g, sg);
            TensorPrimitives.Multiply(g, sg, sg);
            TensorPrimitives.Multiply(sg, up.Slice(i, n), h.Slice(i, n));
        }
    }

    /// <summary>SwiGLU backward: dGate = dh ⊙ up ⊙ silu'(gate), dUp = dh ⊙ silu(gate) (both overwritten).</summary>
    public static void SwiGluBackward(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, ReadOnlySpan<float> dh, Span<float> dGate, Span<float> dUp)
    {
        int len = gate.Length;
        if (up.Length != len || dh.Length != len || dGate.Length < len || dUp.Length < len)
            throw new ArgumentException($"SwiGlu.Backward: gate {len}, up {up.Length}, dh {dh.Length}, dGate {dGate.Length}, dUp {dUp.Length}");
        Span<float> s = stackalloc float[Chunk];
        Span<float> d = stackalloc float[Chunk];
        for (int i = 0; i < len; i += Chunk)
        {
            int n = Math.Min(Chunk, len - i);
            var g = gate.Slice(i, n);
            var sg = s[..n];
            var dv = d[..n];
            var dhs = dh.Slice(i, n);
            Derivative(g, sg, dv);
            var dg = dGate.Slice(i, n);
            TensorPrimitives.Multiply(dhs, up.Slice(i, n), dg);
            TensorPrimitives.Multiply(dg, dv, dg);
            TensorPrimitives.Multiply(g, sg, sg);
            TensorPrimitives.Multiply(dhs, sg, dUp.Slice(i, n));
        }
    }

    /// <summary>sigmoid → <paramref name="sig"/>, silu'(x) → <paramref name="deriv"/>.</summary>
    private static void Derivative(ReadOnlySpan<float> x, Span<float> sig, Span<float> deriv)
    {
        TensorPrimitives.Sigmoid(x, sig);
        // 1 + x·(1 − σ) = 1 + x − x·σ
        TensorPrimitives.Multiply(x, sig, deriv);
        TensorPrimitives.Subtract(x, deriv, deriv);
        TensorPrimitives.Add(deriv, 1f, deriv);
        TensorPrimitives.Multiply(deriv, sig, deriv);
    }
}
