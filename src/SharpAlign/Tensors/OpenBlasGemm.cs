using System.Runtime.InteropServices;

namespace SharpAlign.Tensors;

/// <summary>
/// GEMM through OpenBLAS <c>cblas_sgemm</c> (libopenblas.so.0, loaded at run time). Use
/// <see cref="TryCreate"/>: it returns null when the library is absent. The OpenBLAS thread
/// count is set to <see cref="Threads"/> before each call (if it differs from the last one set);
/// setting it and the call happen under one process-wide lock, so instances with different thread
/// counts used from several threads cannot change each other's count mid-call.
/// bfloat16 weights are widened into a reusable buffer first.
/// </summary>
public sealed unsafe class OpenBlasGemm : IGemm
{
    /// <summary>The shared-library name that is loaded.</summary>
    public const string LibraryName = "libopenblas.so.0";

    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static readonly object LoadLock = new();
    private static bool _loadTried;
    private static delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;
    private static delegate* unmanaged<int, void> _setThreads;
    private static int _threadsSet;
    private static readonly object CallLock = new();

    private readonly object _lock = new();
    private float[] _widened = [];

    /// <inheritdoc />
    public string Name => "openblas";

    /// <summary>Threads OpenBLAS is told to use.</summary>
    public int Threads { get; }

    private OpenBlasGemm(int threads) => Threads = threads;

    /// <summary>True when libopenblas.so.0 can be loaded and exports cblas_sgemm.</summary>
    public static bool IsAvailable
    {
        get
        {
            lock (LoadLock)
            {
                if (!_loadTried)
                {
                    _loadTried = true;
                    if (NativeLibrary.TryLoad(LibraryName, out var lib) && NativeLibrary.TryGetExport(lib, "cblas_sgemm", out var f))
                    {
                        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)f;
                        if (NativeLibrary.TryGetExport(lib, "openblas_set_num_threads", out var t)) _setThreads = (delegate* unmanaged<int, void>)t;
                    }
                }
                return _sgemm != null;
            }
        }
    }

    /// <summary>The back end with <paramref name="threads"/> threads (default <see cref="ComputeThreads.Count"/>), or null when OpenBLAS is not installed.</summary>
    public static OpenBlasGemm? TryCreate(int? threads = null) => IsAvailable ? new OpenBlasGemm(threads ?? ComputeThreads.Count) : null;

    /// <inheritdoc />
    public void XWt(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y, int m, int n, int k, bool accumulate = false)
    {
        GemmShapes.Check("XWt", x.Length, w.Length, y.Length, m, n, k, (long)m * k, (long)n * k, (long)m * n);
        fixed (float* px = x) fixed (float* pw = w) fixed (float* py = y)
            Sgemm(NoTrans, Trans, m, n, k, px, Math.Max(1, k), pw, Math.Max(1, k), py, Math.Max(1, n), accumulate);
    }

    /// <inheritdoc />
    public void DyW(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int m, int n, int k, bool accumulate = false)
    {
        GemmShapes.Check("DyW", dy.Length, w.Length, dx.Length, m, n, k, (long)m * n, (long)n * k, (long)m * k);
        fixed (float* pdy = dy) fixed (float* pw = w) fixed (float* pdx = dx)
            Sgemm(NoTrans, NoTrans, m, k, n, pdy, Math.Max(1, n), pw, Math.Max(1, k), pdx, Math.Max(1, k), accumulate);
    }

    /// <inheritdoc />
    public void DytX(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, int m, int n, int k, bool accumulate = false)
    {
        GemmShapes.Check("DytX", dy.Length, x.Length, dw.Length, m, n, k, (long)m * n, (long)m * k, (long)n * k);
        fixed (float* pdy = dy) fixed (float* px = x) fixed (float* pdw = dw)
            Sgemm(Trans, NoTrans, n, k, m, pdy, Math.Max(1, n), px, Math.Max(1, k), pdw, Math.Max(1, k), accumulate);
    }

    /// <inheritdoc />
    public void XWt(ReadOnlySpan<float> x, ReadOnlySpan<Bf16> w, Span<float> y, int m, int n, int k, bool accumulate = false)
    {
        lock (_lock) XWt(x, Widen(w), y, m, n, k, accumulate);
    }

    /// <inheritdoc />
    public void DyW(ReadOnlySpan<float> dy, ReadOnlySpan<Bf16> w, Span<float> dx, int m, int n, int k, bool accumulate = false)
    {
        lock (_lock) DyW(dy, Widen(w), dx, m, n, k, accumulate);
    }

    private ReadOnlySpan<float> Widen(ReadOnlySpan<Bf16> w)
    {
        if (_widened.Length < w.Length) _widened = GC.AllocateUninitializedArray<float>(w.Length, pinned: true);
        var dst = _widened.AsSpan(0, w.Length);
        Bf16.ToSingle(w, dst);
        return dst;
    }

    private void Sgemm(int ta, int tb, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate) new Span<float>(c, m * n).Clear();
            return;
        }
        lock (CallLock)
        {
            if (_setThreads != null && _threadsSet != Threads)
            {
                _setThreads(Threads);
                _threadsSet = Threads;
            }
            _sgemm(RowMajor, ta, tb, m, n, k, 1f, a, lda, b, ldb, accumulate ? 1f : 0f, c, ldc);
        }
    }
}
