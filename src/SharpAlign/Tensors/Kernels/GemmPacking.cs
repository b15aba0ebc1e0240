using System.Runtime.CompilerServices;
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
    /// <summary>Floats past the end of a packed A block that the vector transposes may write.</summary>
    public const int Slack = 16;

    /// <summary>Packs A[i0..i0+mc, p0..p0+kc] where A[i,p] = a[i·rs + p·cs] (writes up to <see cref="Slack"/> floats past the block).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(float* a, long rs, long cs, int mc, int kc, int mr, float* dst)
    {
        for (int i = 0; i < mc; i += mr)
        {
            int rows = Math.Min(mr, mc - i);
            float* panel = dst + (long)i * kc;
            if (rs == 1)
            {
                if (rows == 12 && mr == 12 && Avx.IsSupported)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* s = a + p * cs + i;
                        float* d = panel + p * 12;
                        Avx.Store(d, Avx.LoadVector256(s));
                        Sse.Store(d + 8, Sse.LoadVector128(s + 8));
                    }
                    continue;
                }
                for (int p = 0; p < kc; p++)
                {
                    float* s = a + p * cs + i;
                    float* d = panel + p * mr;
                    int r = 0;
                    for (; r < rows; r++) d[r] = s[r];
                    for (; r < mr; r++) d[r] = 0;
                }
            }
            else if (cs == 1 && mr <= 16 && Avx512F.IsSupported)
            {
                float* s = a + i * rs;
                int p = 0;
                for (; p <= kc - 16; p += 16) Transpose16x16(s + p, rs, rows, panel + p * mr, mr);
                for (; p < kc; p++)
                {
                    int r = 0;
                    for (; r < rows; r++) panel[p * mr + r] = s[r * rs + p];
                    for (; r < mr; r++) panel[p * mr + r] = 0;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    /// W read along k) become k-major panel rows, through 16×16 in-register transposes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeColumns16(float* src, long ld, int kc, int nr, float* dst)
    {
        for (int c0 = 0; c0 < nr; c0 += 16)
        {
            float* s = src + c0 * ld;
            int p = 0;
            for (; p <= kc - 16; p += 16) Transpose16x16(s + p, ld, 16, dst + p * nr + c0, nr);
            for (; p < kc; p++)
            {
                float* d = dst + p * nr + c0;
                for (int c = 0; c < 16; c++) d[c] = s[c * ld + p];
            }
        }
    }

    /// <summary>
    /// Transposes a 16×16 block: d[q·ldd + r] = s[r·lds + q] for r &lt; rows (rows ≥ rows read as 0), q &lt; 16,
    /// with 32-bit, 64-bit and 128-bit-lane interleaves in registers. The 16 destination rows are
    /// stored whole (16 floats each) in ascending q, so with ldd &lt; 16 each store spills into the
    /// start of the next row and is then overwritten by it; the caller leaves 16 floats of slack.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose16x16(float* s, long lds, int rows, float* d, long ldd)
    {
        var r0 = 0 < rows ? Avx512F.LoadVector512(s + 0 * lds) : Vector512<float>.Zero;
        var r1 = 1 < rows ? Avx512F.LoadVector512(s + 1 * lds) : Vector512<float>.Zero;
        var r2 = 2 < rows ? Avx512F.LoadVector512(s + 2 * lds) : Vector512<float>.Zero;
        var r3 = 3 < rows ? Avx512F.LoadVector512(s + 3 * lds) : Vector512<float>.Zero;
        var r4 = 4 < rows ? Avx512F.LoadVector512(s + 4 * lds) : Vector512<float>.Zero;
        var r5 = 5 < rows ? Avx512F.LoadVector512(s + 5 * lds) : Vector512<float>.Zero;
        var r6 = 6 < rows ? Avx512F.LoadVector512(s + 6 * lds) : Vector512<float>.Zero;
        var r7 = 7 < rows ? Avx512F.LoadVector512(s + 7 * lds) : Vector512<float>.Zero;
        var r8 = 8 < rows ? Avx512F.LoadVector512(s + 8 * lds) : Vector512<float>.Zero;
        var r9 = 9 < rows ? Avx512F.LoadVector512(s + 9 * lds) : Vector512<float>.Zero;
        var r10 = 10 < rows ? Avx512F.LoadVector512(s + 10 * lds) : Vector512<float>.Zero;
        var r11 = 11 < rows ? Avx512F.LoadVector512(s + 11 * lds) : Vector512<float>.Zero;
        var r12 = 12 < rows ? Avx512F.LoadVector512(s + 12 * lds) : Vector512<float>.Zero;
        var r13 = 13 < rows ? Avx512F.LoadVector512(s + 13 * lds) : Vector512<float>.Zero;
        var r14 = 14 < rows ? Avx512F.LoadVector512(s + 14 * lds) : Vector512<float>.Zero;
        var r15 = 15 < rows ? Avx512F.LoadVector512(s + 15 * lds) : Vector512<float>.Zero;
        // 32-bit interleave of row pairs within each 128-bit lane
        var t0 = Avx512F.UnpackLow(r0, r1).AsDouble();
        var t1 = Avx512F.UnpackHigh(r0, r1).AsDouble();
        var t2 = Avx512F.UnpackLow(r2, r3).AsDouble();
        var t3 = Avx512F.UnpackHigh(r2, r3).AsDouble();
        var t4 = Avx512F.UnpackLow(r4, r5).AsDouble();
        var t5 = Avx512F.UnpackHigh(r4, r5).AsDouble();
        var t6 = Avx512F.UnpackLow(r6, r7).AsDouble();
        var t7 = Avx512F.UnpackHigh(r6, r7).AsDouble();
        var t8 = Avx512F.UnpackLow(r8, r9).AsDouble();
        var t9 = Avx512F.UnpackHigh(r8, r9).AsDouble();
        var t10 = Avx512F.UnpackLow(r10, r11).AsDouble();
        var t11 = Avx512F.UnpackHigh(r10, r11).AsDouble();
        var t12 = Avx512F.UnpackLow(r12, r13).AsDouble();
        var t13 = Avx512F.UnpackHigh(r12, r13).AsDouble();
        var t14 = Avx512F.UnpackLow(r14, r15).AsDouble();
        var t15 = Avx512F.UnpackHigh(r14, r15).AsDouble();
        // 64-bit interleave: v[4g + j] lane L = column 4L + j of rows 4g..4g+3
        var v0 = Avx512F.UnpackLow(t0, t2).AsSingle();
        var v1 = Avx512F.UnpackHigh(t0, t2).AsSingle();
        var v2 = Avx512F.UnpackLow(t1, t3).AsSingle();
        var v3 = Avx512F.UnpackHigh(t1, t3).AsSingle();
        var v4 = Avx512F.UnpackLow(t4, t6).AsSingle();
        var v5 = Avx512F.UnpackHigh(t4, t6).AsSingle();
        var v6 = Avx512F.UnpackLow(t5, t7).AsSingle();
        var v7 = Avx512F.UnpackHigh(t5, t7).AsSingle();
        var v8 = Avx512F.UnpackLow(t8, t10).AsSingle();
        var v9 = Avx512F.UnpackHigh(t8, t10).AsSingle();
        var v10 = Avx512F.UnpackLow(t9, t11).AsSingle();
        var v11 = Avx512F.UnpackHigh(t9, t11).AsSingle();
        var v12 = Avx512F.UnpackLow(t12, t14).AsSingle();
        var v13 = Avx512F.UnpackHigh(t12, t14).AsSingle();
        var v14 = Avx512F.UnpackLow(t13, t15).AsSingle();
        var v15 = Avx512F.UnpackHigh(t13, t15).AsSingle();
        // 128-bit lanes: column 4L + j gathers lane L of v[j], v[4 + j], v[8 + j], v[12 + j]
        var w0a = Avx512F.Shuffle4x128(v0, v4, 0x44);
        var w0b = Avx512F.Shuffle4x128(v0, v4, 0xEE);
        var x0a = Avx512F.Shuffle4x128(v8, v12, 0x44);
        var x0b = Avx512F.Shuffle4x128(v8, v12, 0xEE);
        var w1a = Avx512F.Shuffle4x128(v1, v5, 0x44);
        var w1b = Avx512F.Shuffle4x128(v1, v5, 0xEE);
        var x1a = Avx512F.Shuffle4x128(v9, v13, 0x44);
        var x1b = Avx512F.Shuffle4x128(v9, v13, 0xEE);
        var w2a = Avx512F.Shuffle4x128(v2, v6, 0x44);
        var w2b = Avx512F.Shuffle4x128(v2, v6, 0xEE);
        var x2a = Avx512F.Shuffle4x128(v10, v14, 0x44);
        var x2b = Avx512F.Shuffle4x128(v10, v14, 0xEE);
        var w3a = Avx512F.Shuffle4x128(v3, v7, 0x44);
        var w3b = Avx512F.Shuffle4x128(v3, v7, 0xEE);
        var x3a = Avx512F.Shuffle4x128(v11, v15, 0x44);
        var x3b = Avx512F.Shuffle4x128(v11, v15, 0xEE);
        Avx512F.Store(d + 0 * ldd, Avx512F.Shuffle4x128(w0a, x0a, 0x88));
        Avx512F.Store(d + 1 * ldd, Avx512F.Shuffle4x128(w1a, x1a, 0x88));
        Avx512F.Store(d + 2 * ldd, Avx512F.Shuffle4x128(w2a, x2a, 0x88));
        Avx512F.Store(d + 3 * ldd, Avx512F.Shuffle4x128(w3a, x3a, 0x88));
        Avx512F.Store(d + 4 * ldd, Avx512F.Shuffle4x128(w0a, x0a, 0xDD));
        Avx512F.Store(d + 5 * ldd, Avx512F.Shuffle4x128(w1a, x1a, 0xDD));
        Avx512F.Store(d + 6 * ldd, Avx512F.Shuffle4x128(w2a, x2a, 0xDD));
        Avx512F.Store(d + 7 * ldd, Avx512F.Shuffle4x128(w3a, x3a, 0xDD));
        Avx512F.Store(d + 8 * ldd, Avx512F.Shuffle4x128(w0b, x0b, 0x88));
        Avx512F.Store(d + 9 * ldd, Avx512F.Shuffle4x128(w1b, x1b, 0x88));
        Avx512F.Store(d + 10 * ldd, Avx512F.Shuffle4x128(w2b, x2b, 0x88));
        Avx512F.Store(d + 11 * ldd, Avx512F.Shuffle4x128(w3b, x3b, 0x88));
        Avx512F.Store(d + 12 * ldd, Avx512F.Shuffle4x128(w0b, x0b, 0xDD));
        Avx512F.Store(d + 13 * ldd, Avx512F.Shuffle4x128(w1b, x1b, 0xDD));
        Avx512F.Store(d + 14 * ldd, Avx512F.Shuffle4x128(w2b, x2b, 0xDD));
        Avx512F.Store(d + 15 * ldd, Avx512F.Shuffle4x128(w3b, x3b, 0xDD));
    }
}
