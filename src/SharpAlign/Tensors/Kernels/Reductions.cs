using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpAlign.Tensors.Kernels;

/// <summary>
/// Reductions in a fixed order: four 16-lane (AVX-512) or four 8-lane (AVX2) accumulators over
/// whole blocks, combined pairwise, lanes summed left to right, then the tail in index order. The
/// same input always gives the same bits on the same CPU path, whatever the thread count.
/// </summary>
public static unsafe class Reductions
{
    /// <summary>Σ x[i].</summary>
    public static float Sum(ReadOnlySpan<float> x)
    {
        fixed (float* p = x) return Sum(p, x.Length);
    }

    /// <summary>Σ x[i]·y[i] (fused multiply-adds).</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Dot: lengths differ ({x.Length} vs {y.Length})");
        fixed (float* a = x) fixed (float* b = y) return Dot(a, b, x.Length);
    }

    /// <summary>Σ x[i]².</summary>
    public static float SumOfSquares(ReadOnlySpan<float> x)
    {
        fixed (float* p = x) return Dot(p, p, x.Length);
    }

    /// <summary>max x[i] (NaN if any element is NaN; −∞ for an empty span).</summary>
    public static float Max(ReadOnlySpan<float> x)
    {
        fixed (float* p = x) return Max(p, x.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float Sum(float* x, int n)
    {
        int i = 0;
        float s = 0;
        if (Avx512F.IsSupported && n >= 64)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 64; i += 64)
            {
                a0 += Vector512.Load(x + i);
                a1 += Vector512.Load(x + i + 16);
                a2 += Vector512.Load(x + i + 32);
                a3 += Vector512.Load(x + i + 48);
            }
            s = HorizontalSum((a0 + a1) + (a2 + a3));
        }
        else if (Avx2.IsSupported && n >= 32)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 32; i += 32)
            {
                a0 += Vector256.Load(x + i);
                a1 += Vector256.Load(x + i + 8);
                a2 += Vector256.Load(x + i + 16);
                a3 += Vector256.Load(x + i + 24);
            }
            s = HorizontalSum((a0 + a1) + (a2 + a3));
        }
        for (; i < n; i++) s += x[i];
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float Dot(float* x, float* y, int n)
    {
        int i = 0;
        float s = 0;
        if (Avx512F.IsSupported && n >= 64)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 64; i += 64)
            {
                a0 = Avx512F.FusedMultiplyAdd(Vector512.Load(x + i), Vector512.Load(y + i), a0);
                a1 = Avx512F.FusedMultiplyAdd(Vector512.Load(x + i + 16), Vector512.Load(y + i + 16), a1);
                a2 = Avx512F.FusedMultiplyAdd(Vector512.Load(x + i + 32), Vector512.Load(y + i + 32), a2);
                a3 = Avx512F.FusedMultiplyAdd(Vector512.Load(x + i + 48), Vector512.Load(y + i + 48), a3);
            }
            s = HorizontalSum((a0 + a1) + (a2 + a3));
        }
        else if (Avx2.IsSupported && Fma.IsSupported && n >= 32)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 32; i += 32)
            {
                a0 = Fma.MultiplyAdd(Vector256.Load(x + i), Vector256.Load(y + i), a0);
                a1 = Fma.MultiplyAdd(Vector256.Load(x + i + 8), Vector256.Load(y + i + 8), a1);
                a2 = Fma.MultiplyAdd(Vector256.Load(x + i + 16), Vector256.Load(y + i + 16), a2);
                a3 = Fma.MultiplyAdd(Vector256.Load(x + i + 24), Vector256.Load(y + i + 24), a3);
            }
            s = HorizontalSum((a0 + a1) + (a2 + a3));
        }
        for (; i < n; i++) s = MathF.FusedMultiplyAdd(x[i], y[i], s);
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float Max(float* x, int n)
    {
        int i = 0;
        float m = float.NegativeInfinity;
        bool nan = false;
        if (Avx512F.IsSupported && n >= 16)
        {
            var acc = Vector512.Create(float.NegativeInfinity);
            var bad = Vector512<float>.Zero;
            for (; i <= n - 16; i += 16)
            {
                var v = Vector512.Load(x + i);
                bad |= ~Vector512.Equals(v, v);
                acc = Vector512.Max(acc, v);
            }
            nan = bad != Vector512<float>.Zero;
            for (int l = 0; l < 16; l++) m = MathF.Max(m, acc.GetElement(l));
        }
        for (; i < n; i++)
        {
            if (float.IsNaN(x[i])) nan = true;
            m = MathF.Max(m, x[i]);
        }
        return nan ? float.NaN : m;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HorizontalSum(Vector512<float> v)
    {
        float s = 0;
        for (int l = 0; l < 16; l++) s += v.GetElement(l);
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HorizontalSum(Vector256<float> v)
    {
        float s = 0;
        for (int l = 0; l < 8; l++) s += v.GetElement(l);
        return s;
    }
}
