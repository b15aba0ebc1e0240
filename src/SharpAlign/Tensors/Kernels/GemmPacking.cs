using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpAlign.Tensors.Kernels;

/// <summary>
/// Copies blocks of the GEMM operands into the micro-panel layout the micro-kernels read:
/// A as panels of <c>mr</c> rows ([panel][k][mr]), B as panels of <c>nr</c> columns
/// ([panel][k][nr]); rows or columns past the edge are zero. Operands are addressed by
/// element strides, so transposed operands need no copies; B may be bfloat16, widened here.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Packs A[i0..i0+mc, p0..p0+kc] where A[i,p] = a[i·rs + p·cs].</summary>
    public static void PackA(float* a, long rs, long cs, int mc, int kc, int mr, float* dst)
    {
        for (int i = 0; i < mc; i += mr)
        {
            int rows = Math.Min(mr, mc - i);
            float* panel = dst + (long)i * kc;
            if (rs == 1)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* s = a + p * cs + i;
                    float* d = panel + p * mr;
                    int r = 0;
                    for (; r < rows; r++) d[r] = s[r];
                    for (; r < mr; r++) d[r] = 0;
                }
            }
            else
            {
                for (int r = 0; r < rows; r++)
                {
                    float* s = a + (i + r) * rs;
                    for (int p = 0; p < kc; p++) panel[p * mr + r] = s[p * cs];
                }
                for (int r = rows; r < mr; r++)
                    for (int p = 0; p < kc; p++) panel[p * mr + r] = 0;
            }
        }
    }

    /// <summary>Packs B[p0..p0+kc, j0..j0+nc] where B[p,j] = b[p·rs + j·cs].</summary>
    public static void PackB(float* b, long rs, long cs, int kc, int nc, int nr, float* dst)
    {
        for (int j = 0; j < nc; j += nr)
        {
            int cols = Math.Min(nr, nc - j);
            float* panel = dst + (long)j * kc;
            if (cs == 1)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* s = b + p * rs + j;
                    float* d = panel + p * nr;
                    int c = 0;
                    if (cols == nr)
                    {
                        if (Avx512F.IsSupported)
                            for (; c <= nr - 16; c += 16) Avx512F.Store(d + c, Avx512F.LoadVector512(s + c));
                        else if (Avx.IsSupported)
                            for (; c <= nr - 8; c += 8) Avx.Store(d + c, Avx.LoadVector256(s + c));
                    }
                    for (; c < cols; c++) d[c] = s[c];
                    for (; c < nr; c++) d[c] = 0;
                }
            }
            else
            {
                if (rs == 1 && cols == nr && nr % 16 == 0 && Avx512F.IsSupported)
                {
                    TransposeColumns16(b + j * cs, cs, kc, nr, panel);
                    continue;
                }
                for (int c = 0; c < cols; c++)
                {
                    float* s = b + (j + c) * cs;
                    for (int p = 0; p < kc; p++) panel[p * nr + c] = s[p * rs];
                }
                for (int c = cols; c < nr; c++)
                    for (int p = 0; p < kc; p++) panel[p * nr + c] = 0;
            }
        }
    }

    /// <summary>Packs a bfloat16 B block (same addressing as <see cref="PackB(float*, long, long, int, int, int, float*)"/>), widening to float32.</summary>
    public static void PackB(ushort* b, long rs, long cs, int kc, int nc, int nr, float* dst)
    {
        for (int j = 0; j < nc; j += nr)
        {
            int cols = Math.Min(nr, nc - j);
            float* panel = dst + (long)j * kc;
            if (cs == 1)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* d = panel + p * nr;
                    Bf16.ToSingle(b + p * rs + j, d, cols);
                    for (int c = cols; c < nr; c++) d[c] = 0;
                }
            }
            else
            {
                for (int c = 0; c < cols; c++)
                {
                    ushort* s = b + (j + c) * cs;
                    for (int p = 0; p < kc; p++) panel[p * nr + c] = BitConverter.UInt32BitsToSingle((uint)s[p * rs] << 16);
                }
                for (int c = cols; c < nr; c++)
                    for (int p = 0; p < kc; p++) panel[p * nr + c] = 0;
            }
        }
    }

    /// <summary>
    /// dst[p·nr + c] = src[c·ld + p] for c &lt; nr, p &lt; kc: columns stored contiguously (a row of
    /// W read along k) become k-major panel rows, one 16-wide group of columns at a time so the
    /// reads walk 16 streams forward and the writes are contiguous.
    /// </summary>
    private static void TransposeColumns16(float* src, long ld, int kc, int nr, float* dst)
    {
        for (int c0 = 0; c0 < nr; c0 += 16)
        {
            float* s = src + c0 * ld;
            for (int p = 0; p < kc; p++)
            {
                float* d = dst + p * nr + c0;
                for (int c = 0; c < 16; c++) d[c] = s[c * ld + p];
            }
        }
    }
}
