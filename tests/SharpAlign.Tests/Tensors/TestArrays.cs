namespace SharpAlign.Tests.Tensors;

/// <summary>Seeded random inputs and float64 comparisons shared by the tensor tests.</summary>
internal static class TestArrays
{
    /// <summary>The awkward lengths every elementwise kernel is checked on (scalar tails, one past a vector, many vectors).</summary>
    public static readonly int[] AwkwardSizes = [1, 7, 15, 16, 17, 63, 65, 4097];

    public static float[] Uniform(Random rng, int n, float lo = -1, float hi = 1)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (float)rng.NextDouble() * (hi - lo);
        return a;
    }

    /// <summary>Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise, naming the first index that fails.</summary>
    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double rtol, double atol, string what)
    {
        Assert.True(actual.Length >= expected.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) ? !double.IsNaN(a) : !(Math.Abs(a - e) <= atol + rtol * Math.Abs(e)))
                Assert.Fail($"{what}: index {i}: got {a:R}, expected {e:R} (rtol {rtol}, atol {atol})");
        }
    }

    public static void Close(double expected, float actual, double rtol, double atol, string what)
        => Close([expected], [actual], rtol, atol, what);
}
