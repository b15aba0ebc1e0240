namespace SharpAlign.Objectives;

/// <summary>
/// Numerically stable scalar functions shared by the objectives (double precision).
/// log σ(z) is computed as −softplus(−z); log(1 − eᵃ) with the log1mexp split at −ln 2
/// (research/losses.md §12.1 and §12.4). .NET's <c>double.LogP1</c>/<c>double.ExpM1</c> are the
/// naive <c>Log(1+x)</c>/<c>Exp(x)−1</c> (they return 0 at 1e-20), so accurate versions live here.
/// </summary>
public static class StableMath
{
    /// <summary>log(1 + x), accurate for tiny |x| (Goldberg's correction of the rounded 1 + x).</summary>
    public static double Log1P(double x)
    {
        double u = 1 + x;
        if (u == 1) return x;
        if (double.IsPositiveInfinity(u)) return Math.Log(x);
        return Math.Log(u) * x / (u - 1);
    }

    /// <summary>eˣ − 1, accurate for tiny |x| (Kahan's correction of the rounded eˣ).</summary>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1) return x;
        double um1 = u - 1;
        if (um1 == -1) return -1;
        if (double.IsPositiveInfinity(u)) return u;
        return um1 * x / Math.Log(u);
    }

    /// <summary>softplus(z) = log(1 + eᶻ), without overflow for large z.</summary>
    public static double Softplus(double z) =>
        z > 0 ? z + Log1P(Math.Exp(-z)) : Log1P(Math.Exp(z));

    /// <summary>log σ(z) = −softplus(−z).</summary>
    public static double LogSigmoid(double z) => -Softplus(-z);

    /// <summary>σ(z) = 1 / (1 + e⁻ᶻ), evaluated on the side that cannot overflow.</summary>
    public static double Sigmoid(double z)
    {
        if (z >= 0) return 1 / (1 + Math.Exp(-z));
        double e = Math.Exp(z);
        return e / (1 + e);
    }

    /// <summary>
    /// log(1 − eᵃ) for a &lt; 0: log(−expm1(a)) when a &gt; −ln 2, log1p(−eᵃ) otherwise.
    /// Returns −∞ at a = 0 and NaN for a &gt; 0 (callers validate first).
    /// </summary>
    public static double Log1mExp(double a) =>
        a > -Math.Log(2) ? Math.Log(-ExpM1(a)) : Log1P(-Math.Exp(a));
}
