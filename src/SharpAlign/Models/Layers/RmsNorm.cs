using System.Numerics.Tensors;

namespace SharpAlign.Models.Layers;

/// <summary>What an <see cref="RmsNorm"/> forward keeps for its backward: 1/rms per row.</summary>
public sealed class RmsNormState
{
    internal float[] Rstd = [];
}

/// <summary>
/// RMSNorm over the last dimension.
/// Forward:  x [R, H] → y [R, H],  r = 1/sqrt(mean(x²) + eps),  n = x·r,  y = n ⊙ g
///           with g = w (Llama, Qwen2, Mistral) or g = 1 + w (Gemma-2).
/// Backward: dn = dy ⊙ g,  dx = r·(dn − n·mean(dn ⊙ n)),  dw += Σ_rows dy ⊙ n.
/// </summary>
public sealed class RmsNorm
{
    /// <summary>The scale (or, for Gemma-2, the offset from 1) [H].</summary>
    public Parameter Weight { get; internal set; }

    /// <summary>Added inside the square root.</summary>
    public float Eps { get; }

    /// <summary>True for Gemma-2's (1 + w) scale.</summary>
    public bool AddOne { get; }

    /// <summary>Wraps a norm weight.</summary>
    public RmsNorm(Parameter weight, float eps, bool addOne)
    {
        Weight = weight;
        Eps = eps;
        AddOne = addOne;
    }

    private int Size => Weight.Value.Dim(0);

    /// <summary>Normalizes <paramref name="rows"/> rows of x into y (x and y may not overlap), saving 1/rms in <paramref name="state"/>.</summary>
    public void Forward(ReadOnlySpan<float> x, Span<float> y, int rows, RmsNormState state)
    {
        int h = Size;
        var rstd = Buffers.Ensure(ref state.Rstd, rows);
        Span<float> gain = h <= 4096 ? stackalloc float[h] : new float[h];
        Gain(gain);
        for (int i = 0; i < rows; i++)
        {
            var xr = x.Slice(i * h, h);
            var yr = y.Slice(i * h, h);
            float r = 1f / MathF.Sqrt(TensorPrimitives.Dot(xr, xr) / h + Eps);
            rstd[i] = r;
            TensorPrimitives.Multiply(xr, r, yr);
            TensorPrimitives.Multiply(yr, gain, yr);
        }
    }

    /// <summary>
    /// dx (+)= ∂y/∂x · dy for the rows saved by the last <see cref="Forward"/> on the same x;
    /// adds the weight gradient when the weight is trainable.
    /// </summary>
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows, RmsNormState state, bool accumulate)
    {
        int h = Size;
        var rstd = state.Rstd;
        Span<float> gain = h <= 4096 ? stackalloc float[h] : new float[h];
        Span<float> dn = h <= 4096 ? stackalloc float[h] : new float[h];
        Span<float> n = h <= 4096 ? stackalloc float[h] : new float[h];
        Gain(gain);
        var dw = Weight.Grad is { } g ? g.Span : Span<float>.Empty;
        for (int i = 0; i < rows; i++)
        {
            var xr = x.Slice(i * h, h);
            var dyr = dy.Slice(i * h, h);
            var dxr = dx.Slice(i * h, h);
            float r = rstd[i];
            TensorPrimitives.Multiply(xr, r, n);
            if (!dw.IsEmpty) TensorPrimitives.MultiplyAdd(dyr, n, dw, dw);
            TensorPrimitives.Multiply(dyr, gain, dn);
            float m = TensorPrimitives.Dot(dn, n) / h;
            // dx = r·dn − r·m·n
            for (int j = 0; j < h; j++)
            {
                float v = r * (dn[j] - m * n[j]);
                dxr[j] = accumulate ? dxr[j] + v : v;
            }
        }
    }

    private void Gain(Span<float> gain)
    {
        var w = Weight.Value.Span;
        if (AddOne) TensorPrimitives.Add(w, 1f, gain);
        else w.CopyTo(gain);
    }
}
