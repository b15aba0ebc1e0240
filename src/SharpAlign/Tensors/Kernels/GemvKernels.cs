using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpAlign.Tensors.Kernels;

/// <summary>
/// Products with only a few rows of output (decoding one token, tiny batches), where packing the
/// weight would cost more than the product: C[m, cols] for m ≤ <see cref="MaxRows"/>, computed
/// straight from the unpacked operands. Every output element is summed in k order by one thread.
/// </summary>
internal static unsafe class GemvKernels
{
    /// <summary>Largest row count these kernels are used for.</summary>
    public const int MaxRows = 8;

    /// <summary>
    /// C[i, j] (+)= Σ_p A[i, p]·B[j, p] for j in [j0, j1): rows of A (stride lda) against rows of B
    /// (stride ldb, float32 or bfloat16 widened through <paramref name="scratch"/> of k floats), both contiguous in p.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowDots(int m, int k, float* a, long lda, void* b, bool bf16, long ldb, float* c, long ldc, int j0, int j1, bool accumulate, float* scratch)
    {
        for (int j = j0; j < j1; j++)
        {
            float* w;
            if (bf16)
            {
                Bf16.ToSingle((ushort*)b + j * ldb, scratch, k);
                w = scratch;
            }
            else w = (float*)b + j * ldb;
            for (int i = 0; i < m; i++)
            {
                float s = Reductions.Dot(a + i * lda, w, k);
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + s : s;
            }
        }
    }

    /// <summary>
    /// C[i, c] (+)= Σ_p A[i, p]·B[p, c] for columns c in [c0, c1): B rows (stride ldb, float32 or
    /// bfloat16) are streamed once and added, scaled, into the C rows (p ascending, one FMA per term).
    /// <paramref name="scratch"/> holds c1 − c0 floats of C accumulators per row, then the widened B slice.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowAxpys(int m, int k, float* a, long lda, void* b, bool bf16, long ldb, float* c, long ldc, int c0, int c1, bool accumulate, float* scratch)
    {
        int width = c1 - c0;
        float* acc = scratch;
        float* wide = scratch + (long)m * width;
        new Span<float>(acc, m * width).Clear();
        for (int p = 0; p < k; p++)
        {
            float* w;
            if (bf16)
            {
                Bf16.ToSingle((ushort*)b + p * ldb + c0, wide, width);
                w = wide;
            }
            else w = (float*)b + p * ldb + c0;
            for (int i = 0; i < m; i++) Axpy(a[i * lda + p], w, acc + i * width, width);
        }
        for (int i = 0; i < m; i++)
        {
            float* dst = c + i * ldc + c0;
            float* src = acc + i * width;
            if (accumulate) for (int q = 0; q < width; q++) dst[q] += src[q];
            else new Span<float>(src, width).CopyTo(new Span<float>(dst, width));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy(float alpha, float* x, float* y, int n)
    {
        int q = 0;
        if (Avx512F.IsSupported)
        {
            var va = Vector512.Create(alpha);
            for (; q <= n - 16; q += 16) Avx512F.Store(y + q, Avx512F.FusedMultiplyAdd(va, Avx512F.LoadVector512(x + q), Avx512F.LoadVector512(y + q)));
        }
        for (; q < n; q++) y[q] = MathF.FusedMultiplyAdd(alpha, x[q], y[q]);
    }
}
