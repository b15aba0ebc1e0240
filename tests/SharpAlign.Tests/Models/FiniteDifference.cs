namespace SharpAlign.Tests.Models;

/// <summary>Central-difference gradient checks for float32 layers (loss accumulated in double).</summary>
internal static class FiniteDifference
{
    public delegate Span<float> Values();

    /// <summary>
    /// Compares <paramref name="analytic"/> with (L(θ+h) − L(θ−h)) / 2h on up to <paramref name="samples"/>
    /// random coordinates of the parameter that <paramref name="values"/> exposes. Passes when
    /// ‖numeric − analytic‖ ≤ tol·‖numeric‖ + 1e-4·√n over the sampled coordinates.
    /// </summary>
    public static void Check(string what, Func<double> loss, Values values, ReadOnlySpan<float> analytic, int seed = 1, int samples = 24, float h = 1e-2f, double tol = 5e-3)
    {
        int n = values().Length;
        Assert.Equal(n, analytic.Length);
        var rng = new Random(seed);
        var idx = n <= samples ? Enumerable.Range(0, n).ToArray() : Enumerable.Range(0, samples).Select(_ => rng.Next(n)).Distinct().ToArray();
        double diff2 = 0, num2 = 0, ana2 = 0;
        foreach (int i in idx)
        {
            float orig = values()[i];
            values()[i] = orig + h;
            double lp = loss();
            values()[i] = orig - h;
            double lm = loss();
            values()[i] = orig;
            double num = (lp - lm) / (2.0 * h);
            double d = num - analytic[i];
            diff2 += d * d; num2 += num * num; ana2 += (double)analytic[i] * analytic[i];
        }
        double limit = tol * Math.Sqrt(num2) + 1e-4 * Math.Sqrt(idx.Length);
        Assert.True(num2 > 0 || ana2 > 0, $"{what}: gradient is identically zero on the sampled coordinates; the check would be vacuous");
        Assert.True(Math.Sqrt(diff2) <= limit, $"{what}: |numeric - analytic| = {Math.Sqrt(diff2):E3} > {limit:E3} (|numeric| = {Math.Sqrt(num2):E3}, |analytic| = {Math.Sqrt(ana2):E3})");
    }

    /// <summary>Σ c_i·y_i in double: the scalar loss whose gradient with respect to y is c.</summary>
    public static double Dot(ReadOnlySpan<float> c, ReadOnlySpan<float> y)
    {
        double s = 0;
        for (int i = 0; i < c.Length; i++) s += (double)c[i] * y[i];
        return s;
    }

    public static float[] Random(int n, Random rng, double scale = 1.0)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        return a;
    }

    public static SharpAlign.Tensors.Tensor RandomTensor(Random rng, double scale, params int[] shape)
    {
        var t = new SharpAlign.Tensors.Tensor(shape);
        Random(checked((int)t.Length), rng, scale).CopyTo(t.Span);
        return t;
    }
}
