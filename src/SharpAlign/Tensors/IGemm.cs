namespace SharpAlign.Tensors;

/// <summary>
/// The three matrix products training a linear layer needs, with weights stored [out, in]
/// (n × k) as Hugging Face stores them. All row-major, float32 accumulation.
/// When <c>accumulate</c> is true the product is added to the destination, else it overwrites it.
/// Implementations must be deterministic for a given thread count.
/// </summary>
public interface IGemm
{
    /// <summary>Name shown in benchmarks ("managed", "openblas", …).</summary>
    string Name { get; }

    /// <summary>Forward: Y[m,n] (+)= X[m,k] · W[n,k]ᵀ.</summary>
    void XWt(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y, int m, int n, int k, bool accumulate = false);

    /// <summary>Input gradient: dX[m,k] (+)= dY[m,n] · W[n,k].</summary>
    void DyW(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int m, int n, int k, bool accumulate = false);

    /// <summary>Weight gradient: dW[n,k] (+)= dY[m,n]ᵀ · X[m,k].</summary>
    void DytX(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, int m, int n, int k, bool accumulate = false);

    /// <summary>Forward with W in bfloat16 storage: Y[m,n] (+)= X[m,k] · W[n,k]ᵀ, W widened exactly to float32.
    /// The default widens W into a temporary copy; fast back ends widen while packing.</summary>
    void XWt(ReadOnlySpan<float> x, ReadOnlySpan<Bf16> w, Span<float> y, int m, int n, int k, bool accumulate = false)
        => XWt(x, Widen(w), y, m, n, k, accumulate);

    /// <summary>Input gradient with W in bfloat16 storage: dX[m,k] (+)= dY[m,n] · W[n,k].</summary>
    void DyW(ReadOnlySpan<float> dy, ReadOnlySpan<Bf16> w, Span<float> dx, int m, int n, int k, bool accumulate = false)
        => DyW(dy, Widen(w), dx, m, n, k, accumulate);

    private static float[] Widen(ReadOnlySpan<Bf16> w)
    {
        var f = new float[w.Length];
        Bf16.ToSingle(w, f);
        return f;
    }
}
