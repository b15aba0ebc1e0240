using SharpAlign.Tensors;

namespace SharpAlign.Tests.Tensors;

/// <summary>The GEMM back ends against a float64 triple loop on awkward shapes, plus determinism.</summary>
public class GemmTests
{
    private static readonly int[] Dims = [1, 7, 63, 65, 129];

    public static IEnumerable<object[]> Backends()
    {
        yield return ["managed"];
        if (System.Runtime.Intrinsics.X86.Avx2.IsSupported) yield return ["managed-avx2"];
        yield return ["managed-portable"];
        yield return ["auto"];
        yield return ["reference"];
    }

    private static IGemm? Create(string name) => name switch
    {
        "managed" => new ManagedGemm(threads: 2),
        "managed-avx2" => new ManagedGemm(threads: 2, isa: GemmIsa.Avx2),
        "managed-portable" => new ManagedGemm(threads: 2, isa: GemmIsa.Portable),
        "openblas" => OpenBlasGemm.TryCreate(),
        "auto" => Gemm.Create("auto"),
        _ => new ReferenceGemm(),
    };

    /// <summary>
    /// Y = X·Wᵀ, dX = dY·W, dW = dYᵀ·X in float64, with the per-element bound
    /// |float32 result − exact| ≤ 2·k·u·Σ|terms| (u = 2⁻²⁴) that any summation order meets.
    /// </summary>
    private static void CheckAll(IGemm g, int m, int n, int k, Random rng)
    {
        var x = TestArrays.Uniform(rng, m * k);
        var w = TestArrays.Uniform(rng, n * k);
        var dy = TestArrays.Uniform(rng, m * n);
        foreach (bool acc in new[] { false, true })
        {
            // Each product as C[r,c] = Σ_p A[r,p]·B[p,c] with A, B given by (offset, row stride, column stride).
            var y = TestArrays.Uniform(rng, m * n);
            var y0 = (float[])y.Clone();
            g.XWt(x, w, y, m, n, k, acc);
            Verify(y0, y, acc, m, n, k, x, k, 1, w, 1, k, $"{g.Name} XWt m={m} n={n} k={k} acc={acc}");

            var dx = TestArrays.Uniform(rng, m * k);
            var dx0 = (float[])dx.Clone();
            g.DyW(dy, w, dx, m, n, k, acc);
            Verify(dx0, dx, acc, m, k, n, dy, n, 1, w, k, 1, $"{g.Name} DyW m={m} n={n} k={k} acc={acc}");

            var dw = TestArrays.Uniform(rng, n * k);
            var dw0 = (float[])dw.Clone();
            g.DytX(dy, x, dw, m, n, k, acc);
            Verify(dw0, dw, acc, n, k, m, dy, 1, n, x, k, 1, $"{g.Name} DytX m={m} n={n} k={k} acc={acc}");
        }
    }

    private static void Verify(float[] before, float[] after, bool acc, int rows, int cols, int depth,
        float[] a, int ars, int acs, float[] b, int brs, int bcs, string what)
    {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                double s = acc ? before[r * cols + c] : 0, abs = Math.Abs(s);
                for (int p = 0; p < depth; p++)
                {
                    double t = (double)a[r * ars + p * acs] * b[p * brs + c * bcs];
                    s += t;
                    abs += Math.Abs(t);
                }
                double err = Math.Abs(after[r * cols + c] - s);
                double bound = 2 * (depth + 1) * Math.Pow(2, -24) * abs + 1e-30;
                if (!(err <= bound)) Assert.Fail($"{what}: [{r},{c}] got {after[r * cols + c]:R}, expected {s:R} (error {err:E2} > bound {bound:E2})");
            }
    }

    [Theory, MemberData(nameof(Backends))]
    public void AllProducts_AwkwardShapes_MatchFloat64(string backend)
    {
        var g = Create(backend)!;
        using var owned = g as IDisposable;
        var rng = new Random(42);
        foreach (int m in Dims)
            foreach (int n in Dims)
                foreach (int k in Dims)
                    if (backend is not ("reference" or "managed-portable") || m * n * k <= 65 * 65 * 65)
                        CheckAll(g, m, n, k, rng);
    }

    [RequiresOpenBlasFact]
    public void OpenBlas_AwkwardShapes_MatchFloat64() => AllProducts_AwkwardShapes_MatchFloat64("openblas");

    [Theory]
    [InlineData("managed")]
    public void ShapesCrossingEveryBlockBoundary_MatchFloat64(string backend)
    {
        var g = Create(backend)!;
        using var owned = g as IDisposable;
        var rng = new Random(5);
        // k > 256 (two K blocks), m > 144 (two M blocks), n > 3072 (two N blocks) and edge tiles everywhere.
        CheckAll(g, 13, 3100, 260, rng);
        CheckAll(g, 150, 40, 520, rng);
        CheckAll(g, 0, 5, 3, rng);
        CheckAll(g, 4, 5, 0, rng);
    }

    [Theory]
    [InlineData(200, 333, 515)] // blocked path
    [InlineData(3, 1000, 515)] // few-rows path
    public void Managed_IsBitwiseDeterministic_AcrossRunsAndThreadCounts(int m, int n, int k)
    {
        var rng = new Random(9);
        var x = TestArrays.Uniform(rng, m * k);
        var w = TestArrays.Uniform(rng, n * k);
        var dy = TestArrays.Uniform(rng, m * n);
        float[]? first = null;
        foreach (int threads in new[] { 1, 2, 3, 2 })
        {
            using var g = new ManagedGemm(threads);
            var y = new float[m * n];
            var dx = new float[m * k];
            var dw = new float[n * k];
            g.XWt(x, w, y, m, n, k);
            g.DyW(dy, w, dx, m, n, k);
            g.DytX(dy, x, dw, m, n, k);
            var all = y.Concat(dx).Concat(dw).ToArray();
            if (first is null) first = all;
            else Assert.True(first.AsSpan().SequenceEqual(all), $"managed results differ with {threads} threads");
        }
    }

    [RequiresOpenBlasFact]
    public void OpenBlas_ShapesCrossingBlockBoundaries_MatchFloat64() => ShapesCrossingEveryBlockBoundary_MatchFloat64("openblas");

    [RequiresOpenBlasFact]
    public void OpenBlas_IsRepeatable()
    {
        var g = OpenBlasGemm.TryCreate(2)!;
        var rng = new Random(10);
        int m = 300, n = 200, k = 700;
        var x = TestArrays.Uniform(rng, m * k);
        var w = TestArrays.Uniform(rng, n * k);
        var a = new float[m * n];
        var b = new float[m * n];
        g.XWt(x, w, a, m, n, k);
        g.XWt(x, w, b, m, n, k);
        Assert.True(a.AsSpan().SequenceEqual(b));
    }

    [RequiresOpenBlasFact]
    public void OpenBlas_Bf16Weights_EqualFloat32WeightsAfterWidening() => Bf16Weights_EqualFloat32WeightsAfterWidening("openblas");

    [Theory]
    [InlineData("managed")] [InlineData("reference")] [InlineData("auto")]
    public void Bf16Weights_EqualFloat32WeightsAfterWidening(string backend)
    {
        var g = Create(backend)!;
        using var owned = g as IDisposable;
        // auto sends bf16 weights to the managed kernel (float32 ones may go to OpenBLAS), so compare it with managed.
        using var managed = backend == "auto" ? new ManagedGemm() : null;
        IGemm f32 = managed ?? g;
        var rng = new Random(12);
        foreach (var (m, n, k) in new[] { (7, 65, 63), (65, 129, 300), (1, 33, 17) })
        {
            var x = TestArrays.Uniform(rng, m * k);
            var dy = TestArrays.Uniform(rng, m * n);
            var w16 = new Bf16[n * k];
            Bf16.FromSingle(TestArrays.Uniform(rng, n * k), w16);
            var w = new float[n * k];
            Bf16.ToSingle(w16, w);
            foreach (bool acc in new[] { false, true })
            {
                var y1 = TestArrays.Uniform(rng, m * n);
                var y2 = (float[])y1.Clone();
                g.XWt(x, w16, y1, m, n, k, acc);
                f32.XWt(x, w, y2, m, n, k, acc);
                Assert.True(y1.AsSpan().SequenceEqual(y2), $"{backend} XWt bf16 m={m} n={n} k={k} acc={acc}");
                var d1 = TestArrays.Uniform(rng, m * k);
                var d2 = (float[])d1.Clone();
                g.DyW(dy, w16, d1, m, n, k, acc);
                f32.DyW(dy, w, d2, m, n, k, acc);
                Assert.True(d1.AsSpan().SequenceEqual(d2), $"{backend} DyW bf16 m={m} n={n} k={k} acc={acc}");
            }
        }
    }

    [Fact]
    public void ShortSpans_AreRejectedWithTheOperandNamed()
    {
        using var g = new ManagedGemm(1);
        var e = Assert.Throws<ArgumentException>(() => g.XWt(new float[5], new float[6], new float[6], 2, 3, 3));
        Assert.Contains("first operand", e.Message);
    }

    [Fact]
    public void Environment_SelectsBackend()
    {
        Assert.Equal("managed", Gemm.Create("managed").Name);
        Assert.Equal("reference", Gemm.Create("reference").Name);
        Assert.StartsWith("auto", Gemm.Create(null).Name);
        Assert.Throws<InputException>(() => Gemm.Create("cuda"));
        Assert.Equal(3, ComputeThreads.Parse("3"));
        Assert.Throws<InputException>(() => ComputeThreads.Parse("zero"));
    }
}
