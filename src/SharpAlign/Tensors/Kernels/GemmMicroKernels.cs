using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpAlign.Tensors.Kernels;

/// <summary>
/// GEMM micro-kernels: one register tile of C updated from a packed A micro-panel (MR values per
/// k step) and a packed B micro-panel (NR values per k step). With <c>load</c> the tile is added
/// to C, else it overwrites C. Products are summed in k order, one FMA per term, so a tile's
/// result depends only on the packed data.
/// </summary>
internal static unsafe class GemmMicroKernels
{
    /// <summary>AVX-512 tile: C[12×32] (+)= A panel [kc][12] · B panel [kc][32]; broadcast A, two 16-lane B vectors, 24 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Avx512x12x32(int kc, float* a, float* b, float* c, long ldc, bool load)
    {
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        Vector512<float> c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default;
        Vector512<float> c100 = default, c101 = default;
        Vector512<float> c110 = default, c111 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx512F.LoadVector512(b);
            var b1 = Avx512F.LoadVector512(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
            var a8 = Vector512.Create(a[8]);
            c80 = Avx512F.FusedMultiplyAdd(a8, b0, c80);
            c81 = Avx512F.FusedMultiplyAdd(a8, b1, c81);
            var a9 = Vector512.Create(a[9]);
            c90 = Avx512F.FusedMultiplyAdd(a9, b0, c90);
            c91 = Avx512F.FusedMultiplyAdd(a9, b1, c91);
            var a10 = Vector512.Create(a[10]);
            c100 = Avx512F.FusedMultiplyAdd(a10, b0, c100);
            c101 = Avx512F.FusedMultiplyAdd(a10, b1, c101);
            var a11 = Vector512.Create(a[11]);
            c110 = Avx512F.FusedMultiplyAdd(a11, b0, c110);
            c111 = Avx512F.FusedMultiplyAdd(a11, b1, c111);
            a += 12;
            b += 32;
        }
        Store512(c + 0 * ldc, c00, c01, load);
        Store512(c + 1 * ldc, c10, c11, load);
        Store512(c + 2 * ldc, c20, c21, load);
        Store512(c + 3 * ldc, c30, c31, load);
        Store512(c + 4 * ldc, c40, c41, load);
        Store512(c + 5 * ldc, c50, c51, load);
        Store512(c + 6 * ldc, c60, c61, load);
        Store512(c + 7 * ldc, c70, c71, load);
        Store512(c + 8 * ldc, c80, c81, load);
        Store512(c + 9 * ldc, c90, c91, load);
        Store512(c + 10 * ldc, c100, c101, load);
        Store512(c + 11 * ldc, c110, c111, load);
    }

    /// <summary>AVX2 tile: C[6×16] (+)= A panel [kc][6] · B panel [kc][16]; broadcast A, two 8-lane B vectors, 12 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Avx2x6x16(int kc, float* a, float* b, float* c, long ldc, bool load)
    {
        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default;
        Vector256<float> c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30);
            c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(a4, b0, c40);
            c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(a5, b0, c50);
            c51 = Fma.MultiplyAdd(a5, b1, c51);
            a += 6;
            b += 16;
        }
        Store256(c + 0 * ldc, c00, c01, load);
        Store256(c + 1 * ldc, c10, c11, load);
        Store256(c + 2 * ldc, c20, c21, load);
        Store256(c + 3 * ldc, c30, c31, load);
        Store256(c + 4 * ldc, c40, c41, load);
        Store256(c + 5 * ldc, c50, c51, load);
    }

    /// <summary>Portable tile (no SIMD ISA needed): C[mr×nr] (+)= A·B with scalar multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Portable(int kc, float* a, float* b, float* c, long ldc, bool load, int mr, int nr)
    {
        float* acc = stackalloc float[mr * nr];
        new Span<float>(acc, mr * nr).Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < mr; r++)
            {
                float ar = a[r];
                float* row = acc + r * nr;
                for (int j = 0; j < nr; j++) row[j] += ar * b[j];
            }
            a += mr;
            b += nr;
        }
        for (int r = 0; r < mr; r++)
            for (int j = 0; j < nr; j++)
                c[r * ldc + j] = load ? c[r * ldc + j] + acc[r * nr + j] : acc[r * nr + j];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(float* c, Vector512<float> v0, Vector512<float> v1, bool load)
    {
        if (load)
        {
            v0 += Avx512F.LoadVector512(c);
            v1 += Avx512F.LoadVector512(c + 16);
        }
        Avx512F.Store(c, v0);
        Avx512F.Store(c + 16, v1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(float* c, Vector256<float> v0, Vector256<float> v1, bool load)
    {
        if (load)
        {
            v0 += Avx.LoadVector256(c);
            v1 += Avx.LoadVector256(c + 8);
        }
        Avx.Store(c, v0);
        Avx.Store(c + 8, v1);
    }
}
