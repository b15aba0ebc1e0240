namespace SharpAlign.Tensors;

/// <summary>
/// The default back end: per call it picks whichever of the managed kernel and OpenBLAS
/// measured faster for that kind of shape (see <see cref="PreferOpenBlas"/>); without OpenBLAS
/// it is the managed kernel. Each choice is a pure function of the shape, so results stay
/// deterministic for a given thread count.
/// </summary>
public sealed class AutoGemm : IGemm
{
    private readonly ManagedGemm _managed;
    private readonly OpenBlasGemm? _openBlas;

    /// <summary>Combines the two back ends; <paramref name="openBlas"/> may be null.</summary>
    public AutoGemm(ManagedGemm managed, OpenBlasGemm? openBlas)
    {
        _managed = managed;
        _openBlas = openBlas;
    }

    /// <inheritdoc />
    public string Name => _openBlas is null ? "auto(managed)" : "auto(managed+openblas)";

    /// <summary>
    /// The rule, from alternating <c>sharpalign bench gemm</c> runs: OpenBLAS only for products
    /// too thin for the managed 12×32 tiling to fill (fewer than 64 rows or columns of output),
    /// where its small-matrix paths win; the managed kernel otherwise.
    /// </summary>
    public static bool PreferOpenBlas(int rows, int cols, int depth) => Math.Min(rows, cols) < 64;

    private IGemm Pick(int rows, int cols, int depth) =>
        _openBlas is not null && PreferOpenBlas(rows, cols, depth) ? _openBlas : _managed;

    /// <inheritdoc />
    public void XWt(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y, int m, int n, int k, bool accumulate = false)
        => Pick(m, n, k).XWt(x, w, y, m, n, k, accumulate);

    /// <inheritdoc />
    public void DyW(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int m, int n, int k, bool accumulate = false)
        => Pick(m, k, n).DyW(dy, w, dx, m, n, k, accumulate);

    /// <inheritdoc />
    public void DytX(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, int m, int n, int k, bool accumulate = false)
        => Pick(n, k, m).DytX(dy, x, dw, m, n, k, accumulate);

    /// <inheritdoc />
    public void XWt(ReadOnlySpan<float> x, ReadOnlySpan<Bf16> w, Span<float> y, int m, int n, int k, bool accumulate = false)
        => Pick(m, n, k).XWt(x, w, y, m, n, k, accumulate);

    /// <inheritdoc />
    public void DyW(ReadOnlySpan<float> dy, ReadOnlySpan<Bf16> w, Span<float> dx, int m, int n, int k, bool accumulate = false)
        => Pick(m, k, n).DyW(dy, w, dx, m, n, k, accumulate);
}
