namespace SharpAlign.Tensors;

/// <summary>
/// The process-wide GEMM entry point that layers call. The back end is chosen once
/// (environment variable <c>SHARPALIGN_GEMM</c> forces one) and can be replaced for tests.
/// </summary>
public static class Gemm
{
    /// <summary>The back end in use.</summary>
    public static IGemm Backend { get; set; } = new ReferenceGemm();

    /// <inheritdoc cref="IGemm.XWt"/>
    public static void XWt(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y, int m, int n, int k, bool accumulate = false)
        => Backend.XWt(x, w, y, m, n, k, accumulate);

    /// <inheritdoc cref="IGemm.DyW"/>
    public static void DyW(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int m, int n, int k, bool accumulate = false)
        => Backend.DyW(dy, w, dx, m, n, k, accumulate);

    /// <inheritdoc cref="IGemm.DytX"/>
    public static void DytX(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, int m, int n, int k, bool accumulate = false)
        => Backend.DytX(dy, x, dw, m, n, k, accumulate);
}
