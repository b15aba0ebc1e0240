using System.Numerics.Tensors;

namespace SharpAlign.Tensors.Kernels;

/// <summary>
/// Elementwise arithmetic on spans of equal length. These are memory-bound, so they delegate to
/// <see cref="TensorPrimitives"/> (SIMD with scalar tails), which is as fast as hand-written loops.
/// </summary>
public static class Elementwise
{
    /// <summary>dst = x + y.</summary>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) => TensorPrimitives.Add(x, y, dst);

    /// <summary>dst = x − y.</summary>
    public static void Subtract(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) => TensorPrimitives.Subtract(x, y, dst);

    /// <summary>dst = x · y.</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) => TensorPrimitives.Multiply(x, y, dst);

    /// <summary>dst = x · s.</summary>
    public static void Scale(ReadOnlySpan<float> x, float s, Span<float> dst) => TensorPrimitives.Multiply(x, s, dst);

    /// <summary>dst += alpha · x (axpy; one fused multiply-add per element).</summary>
    public static void AddScaled(Span<float> dst, ReadOnlySpan<float> x, float alpha) => TensorPrimitives.FusedMultiplyAdd(x, alpha, dst, dst);

    /// <summary>dst += x.</summary>
    public static void AddInPlace(Span<float> dst, ReadOnlySpan<float> x) => TensorPrimitives.Add(dst, x, dst);

    /// <summary>dst += x · y.</summary>
    public static void MultiplyAddInPlace(Span<float> dst, ReadOnlySpan<float> x, ReadOnlySpan<float> y) => TensorPrimitives.FusedMultiplyAdd(x, y, dst, dst);
}
