namespace SharpAlign.Tensors;

/// <summary>
/// The default back end: per call it picks whichever of the managed kernel and OpenBLAS
/// measured faster for that kind of shape (see <see cref="PreferOpenBlas"/>); without OpenBLAS
/// it is the managed kernel. bfloat16 weights always go to the managed kernel, which widens them
/// while packing (OpenBLAS would first need a float32 copy of the whole weight). Each choice is a
/// pure function of the shape, so results stay deterministic for a given thread count.
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
    /// The rule, from alternating measurements (bench/README.md): OpenBLAS only for products with
    /// fewer than 64 rows or columns of output, where its small-matrix paths were 10–30 % faster;
    /// on the model-sized shapes the two measured within noise of each other (0.9–1.05× on one
    /// thread), so the managed kernel keeps them (deterministic for any thread count, no spinning
    /// OpenBLAS threads competing with the other kernels of a step).
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
        => _managed.XWt(x, w, y, m, n, k, accumulate);

    /// <inheritdoc />
    public void DyW(ReadOnlySpan<float> dy, ReadOnlySpan<Bf16> w, Span<float> dx, int m, int n, int k, bool accumulate = false)
        => _managed.DyW(dy, w, dx, m, n, k, accumulate);
}
