using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using SharpAlign.Tensors.Kernels;

namespace SharpAlign.Tensors;

/// <summary>Instruction set a <see cref="ManagedGemm"/> micro-kernel uses.</summary>
public enum GemmIsa
{
    /// <summary>Scalar code only.</summary>
    Portable,
    /// <summary>256-bit AVX2 + FMA, 6×16 register tile.</summary>
    Avx2,
    /// <summary>512-bit AVX-512F, 12×32 register tile.</summary>
    Avx512,
}

/// <summary>
/// The managed blocked GEMM: operands are packed into cache-sized blocks of micro-panels
/// (B: KC×NC, A: MC×KC) and a register-tiled micro-kernel computes each MR×NR tile of C.
/// Threads split C into disjoint column (or row) ranges by a static partition and each runs the
/// whole blocked loop on its part with private pack buffers, so there is no cross-thread
/// reduction: every element of C is summed in the same order whatever the thread count, and
/// results are bitwise reproducible. W may be read from bfloat16 storage (widened while packing).
/// </summary>
public sealed unsafe class ManagedGemm : IGemm, IDisposable
{
    private const int DefaultKC = 320;
    private const int MC = 144;
    private const int NC = 3072;
    private const long SmallWork = 1L << 17;

    private readonly WorkerPool _pool;
    private readonly bool _ownsPool;
    private readonly int _mr, _nr, _kcMax;
    private readonly float*[] _packA, _packB;
    private readonly object _lock = new();

    /// <inheritdoc />
    public string Name => "managed";

    /// <summary>The micro-kernel instruction set in use.</summary>
    public GemmIsa Isa { get; }

    /// <summary>Number of threads used for large products.</summary>
    public int Threads { get; }

    /// <summary>
    /// Creates the back end. <paramref name="threads"/> defaults to <see cref="ComputeThreads.Count"/>
    /// (sharing <see cref="WorkerPool.Shared"/>); <paramref name="isa"/> defaults to the best the CPU supports.
    /// </summary>
    public ManagedGemm(int? threads = null, GemmIsa? isa = null) : this(threads, isa, DefaultKC) { }

    /// <summary>As the public constructor, with the largest K block <paramref name="maxDepthBlock"/> (for tuning).</summary>
    internal ManagedGemm(int? threads, GemmIsa? isa, int maxDepthBlock)
    {
        if (maxDepthBlock < 16 || maxDepthBlock % 16 != 0) throw new ArgumentOutOfRangeException(nameof(maxDepthBlock), "a positive multiple of 16");
        _kcMax = maxDepthBlock;
        Isa = isa ?? BestIsa();
        if (Isa == GemmIsa.Avx512 && !Avx512F.IsSupported) throw new PlatformNotSupportedException("AVX-512F is not supported on this CPU");
        if (Isa == GemmIsa.Avx2 && !(Avx2.IsSupported && Fma.IsSupported)) throw new PlatformNotSupportedException("AVX2+FMA is not supported on this CPU");
        (_mr, _nr) = Isa switch { GemmIsa.Avx512 => (12, 32), GemmIsa.Avx2 => (6, 16), _ => (4, 16) };
        Threads = threads ?? ComputeThreads.Count;
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), "at least one thread");
        if (threads is null || threads == WorkerPool.Shared.Size) _pool = WorkerPool.Shared;
        else { _pool = new WorkerPool(Threads); _ownsPool = true; }
        _packA = new float*[Threads];
        _packB = new float*[Threads];
    }

    /// <summary>The widest instruction set this CPU runs.</summary>
    public static GemmIsa BestIsa() =>
        Avx512F.IsSupported ? GemmIsa.Avx512 : Avx2.IsSupported && Fma.IsSupported ? GemmIsa.Avx2 : GemmIsa.Portable;

    /// <inheritdoc />
    public void XWt(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y, int m, int n, int k, bool accumulate = false)
    {
        GemmShapes.Check("XWt", x.Length, w.Length, y.Length, m, n, k, (long)m * k, (long)n * k, (long)m * n);
        fixed (float* px = x) fixed (float* pw = w) fixed (float* py = y)
            Run(px, k, 1, pw, 1, k, false, py, n, m, n, k, accumulate);
    }

    /// <inheritdoc />
    public void DyW(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int m, int n, int k, bool accumulate = false)
    {
        GemmShapes.Check("DyW", dy.Length, w.Length, dx.Length, m, n, k, (long)m * n, (long)n * k, (long)m * k);
        fixed (float* pdy = dy) fixed (float* pw = w) fixed (float* pdx = dx)
            Run(pdy, n, 1, pw, k, 1, false, pdx, k, m, k, n, accumulate);
    }

    /// <inheritdoc />
    public void DytX(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, int m, int n, int k, bool accumulate = false)
    {
        GemmShapes.Check("DytX", dy.Length, x.Length, dw.Length, m, n, k, (long)m * n, (long)m * k, (long)n * k);
        fixed (float* pdy = dy) fixed (float* px = x) fixed (float* pdw = dw)
            Run(pdy, 1, n, px, k, 1, false, pdw, k, n, k, m, accumulate);
    }

    /// <inheritdoc />
    public void XWt(ReadOnlySpan<float> x, ReadOnlySpan<Bf16> w, Span<float> y, int m, int n, int k, bool accumulate = false)
    {
        GemmShapes.Check("XWt", x.Length, w.Length, y.Length, m, n, k, (long)m * k, (long)n * k, (long)m * n);
        fixed (float* px = x) fixed (Bf16* pw = w) fixed (float* py = y)
            Run(px, k, 1, pw, 1, k, true, py, n, m, n, k, accumulate);
    }

    /// <inheritdoc />
    public void DyW(ReadOnlySpan<float> dy, ReadOnlySpan<Bf16> w, Span<float> dx, int m, int n, int k, bool accumulate = false)
    {
        GemmShapes.Check("DyW", dy.Length, w.Length, dx.Length, m, n, k, (long)m * n, (long)n * k, (long)m * k);
        fixed (float* pdy = dy) fixed (Bf16* pw = w) fixed (float* pdx = dx)
            Run(pdy, n, 1, pw, k, 1, true, pdx, k, m, k, n, accumulate);
    }

    private struct Job
    {
        public float* A;
        public long Ars, Acs;
        public void* B;
        public long Brs, Bcs;
        public bool BBf16;
        public float* C;
        public long Ldc;
        public int M, N, K;
        public bool Accumulate;
        public bool SplitN;
        public int Mr, Nr;
        public GemmIsa Isa;
        public float** PackA, PackB;
        public int Path;
        public int Kc;
    }

    private const int PathBlocked = 0, PathRowDots = 1, PathRowAxpys = 2;

    /// <summary>C[M,N] (+)= A[M,K]·B[K,N] with A[i,p] = a[i·ars + p·acs], B[p,j] = b[p·brs + j·bcs], C row stride ldc.</summary>
    private void Run(float* a, long ars, long acs, void* b, long brs, long bcs, bool bf16, float* c, long ldc, int M, int N, int K, bool accumulate)
    {
        if (M == 0 || N == 0) return;
        if (K == 0)
        {
            if (!accumulate)
                for (int i = 0; i < M; i++) new Span<float>(c + i * ldc, N).Clear();
            return;
        }
        lock (_lock)
        {
            EnsureBuffers();
            int mTiles = (M + _mr - 1) / _mr, nTiles = (N + _nr - 1) / _nr;
            int workers = (long)M * N * K < SmallWork ? 1 : Threads;
            // Few output rows: read the operands in place (dot products if B is contiguous along K, row updates if along N).
            // Both use the worker's B pack buffer as scratch (a widened bf16 row of K, or (MaxRows + 1) slices of N).
            long scratch = (long)NC * _kcMax;
            int path = M <= GemvKernels.MaxRows && acs == 1 && brs == 1 && (!bf16 || K <= scratch) ? PathRowDots
                : M <= GemvKernels.MaxRows && acs == 1 && bcs == 1 && (GemvKernels.MaxRows + 1L) * N <= scratch ? PathRowAxpys : PathBlocked;
            bool splitN = path != PathBlocked || (M <= N ? nTiles >= workers : mTiles < workers);
            workers = Math.Min(workers, splitN ? nTiles : mTiles);
            fixed (float** pa = _packA, pb = _packB)
            {
                var job = new Job
                {
                    A = a, Ars = ars, Acs = acs, B = b, Brs = brs, Bcs = bcs, BBf16 = bf16, C = c, Ldc = ldc,
                    M = M, N = N, K = K, Accumulate = accumulate, SplitN = splitN, Mr = _mr, Nr = _nr, Isa = Isa,
                    PackA = pa, PackB = pb, Path = path, Kc = DepthBlock(K, _kcMax),
                };
                _pool.Run(&Work, &job, workers);
            }
        }
    }

    private void EnsureBuffers()
    {
        if (_packA[0] != null) return;
        for (int t = 0; t < Threads; t++)
        {
            _packA[t] = (float*)NativeMemory.AlignedAlloc((nuint)((RoundUp(MC, _mr) * _kcMax + GemmPacking.Slack) * sizeof(float)), Tensor.Alignment);
            _packB[t] = (float*)NativeMemory.AlignedAlloc((nuint)(RoundUp(NC, _nr) * _kcMax * sizeof(float)), Tensor.Alignment);
        }
    }

    private static int RoundUp(int v, int m) => (v + m - 1) / m * m;

    /// <summary>
    /// Depth of a K block: K split into the fewest blocks of at most <paramref name="max"/>, of equal
    /// size (rounded up to 16), so no block is a short remainder and C is read and written once per block.
    /// </summary>
    private static int DepthBlock(int k, int max)
    {
        int blocks = (k + max - 1) / max;
        return Math.Min(max, RoundUp((k + blocks - 1) / blocks, 16));
    }

    private static void Work(void* ctx, int worker, int workers)
    {
        ref Job j = ref *(Job*)ctx;
        if (j.SplitN)
        {
            var (s, e) = WorkerPool.Partition((j.N + j.Nr - 1) / j.Nr, worker, workers);
            int c0 = s * j.Nr, c1 = Math.Min(e * j.Nr, j.N);
            if (c0 >= c1) return;
            // B as stored: XWt's W is [N, K] (B[p,j] = w[j·bcs + p]); DyW's W is [K, N] (B[p,j] = w[p·brs + j]).
            if (j.Path == PathRowDots)
                GemvKernels.RowDots(j.M, j.K, j.A, j.Ars, j.B, j.BBf16, j.Bcs, j.C, j.Ldc, c0, c1, j.Accumulate, j.PackB[worker]);
            else if (j.Path == PathRowAxpys)
                GemvKernels.RowAxpys(j.M, j.K, j.A, j.Ars, j.B, j.BBf16, j.Brs, j.C, j.Ldc, c0, c1, j.Accumulate, j.PackB[worker]);
            else Blocked(ref j, 0, j.M, c0, c1, j.PackA[worker], j.PackB[worker]);
        }
        else
        {
            var (s, e) = WorkerPool.Partition((j.M + j.Mr - 1) / j.Mr, worker, workers);
            Blocked(ref j, s * j.Mr, Math.Min(e * j.Mr, j.M), 0, j.N, j.PackA[worker], j.PackB[worker]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocked(ref Job j, int i0, int i1, int j0, int j1, float* packA, float* packB)
    {
        int mr = j.Mr, nr = j.Nr;
        float* edge = stackalloc float[12 * 32];
        for (int jc = j0; jc < j1; jc += NC)
        {
            int nc = Math.Min(NC, j1 - jc);
            for (int pc = 0; pc < j.K; pc += j.Kc)
            {
                int kc = Math.Min(j.Kc, j.K - pc);
                if (j.BBf16) GemmPacking.PackB((ushort*)j.B + pc * j.Brs + jc * j.Bcs, j.Brs, j.Bcs, kc, nc, nr, packB);
                else GemmPacking.PackB((float*)j.B + pc * j.Brs + jc * j.Bcs, j.Brs, j.Bcs, kc, nc, nr, packB);
                bool load = j.Accumulate || pc > 0;
                for (int ic = i0; ic < i1; ic += MC)
                {
                    int mc = Math.Min(MC, i1 - ic);
                    GemmPacking.PackA(j.A + ic * j.Ars + pc * j.Acs, j.Ars, j.Acs, mc, kc, mr, packA);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        float* bp = packB + (long)jr * kc;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            float* ap = packA + (long)ir * kc;
                            float* cp = j.C + (ic + ir) * j.Ldc + jc + jr;
                            if (rows == mr && cols == nr) Tile(j.Isa, kc, ap, bp, cp, j.Ldc, load, mr, nr);
                            else
                            {
                                Tile(j.Isa, kc, ap, bp, edge, nr, false, mr, nr);
                                for (int r = 0; r < rows; r++)
                                    for (int q = 0; q < cols; q++)
                                        cp[r * j.Ldc + q] = load ? cp[r * j.Ldc + q] + edge[r * nr + q] : edge[r * nr + q];
                            }
                        }
                    }
                }
            }
        }
    }

    private static void Tile(GemmIsa isa, int kc, float* a, float* b, float* c, long ldc, bool load, int mr, int nr)
    {
        switch (isa)
        {
            case GemmIsa.Avx512: GemmMicroKernels.Avx512x12x32(kc, a, b, c, ldc, load); break;
            case GemmIsa.Avx2: GemmMicroKernels.Avx2x6x16(kc, a, b, c, ldc, load); break;
            default: GemmMicroKernels.Portable(kc, a, b, c, ldc, load, mr, nr); break;
        }
    }

    /// <summary>Frees the pack buffers (and the private thread pool, if any).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            for (int t = 0; t < Threads; t++)
            {
                if (_packA[t] != null) NativeMemory.AlignedFree(_packA[t]);
                if (_packB[t] != null) NativeMemory.AlignedFree(_packB[t]);
                _packA[t] = _packB[t] = null;
            }
        }
        if (_ownsPool) _pool.Dispose();
    }
}
