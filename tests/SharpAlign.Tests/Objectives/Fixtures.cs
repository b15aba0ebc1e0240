using SharpAlign.Objectives;

namespace SharpAlign.Tests.Objectives;

/// <summary>Batches and helpers shared by the objective tests.</summary>
internal static class Fixtures
{
    /// <summary>research/losses.md §13.1: (ℓ_θ(y_w), ℓ_θ(y_l), ℓ_ref(y_w), ℓ_ref(y_l), n_w, n_l).</summary>
    public static readonly (double Pw, double Pl, double Rw, double Rl, int Nw, int Nl)[] Tuples =
    [
        (-10, -12, -11, -11.5, 5, 8),
        (-25, -20, -22, -24, 10, 5),
        (-3, -40, -5, -30, 2, 16),
    ];

    /// <summary>A batch of the given §13.1 tuples (0-based indices).</summary>
    public static PreferenceBatch Batch(params int[] which) => new()
    {
        PolicyChosen = which.Select(i => Tuples[i].Pw).ToArray(),
        PolicyRejected = which.Select(i => Tuples[i].Pl).ToArray(),
        ReferenceChosen = which.Select(i => Tuples[i].Rw).ToArray(),
        ReferenceRejected = which.Select(i => Tuples[i].Rl).ToArray(),
        ChosenTokens = which.Select(i => Tuples[i].Nw).ToArray(),
        RejectedTokens = which.Select(i => Tuples[i].Nl).ToArray(),
    };

    /// <summary>Hyperparameters from name/value pairs.</summary>
    public static Dictionary<string, object?> Hp(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);

    /// <summary>Asserts |actual − expected| ≤ rel·|expected| + abs.</summary>
    public static void Close(double expected, double actual, double rel = 6e-6, double abs = 1e-9, string what = "")
    {
        double tol = rel * Math.Abs(expected) + abs;
        Assert.True(Math.Abs(actual - expected) <= tol,
            $"{what}: expected {expected:R}, got {actual:R} (|diff| {Math.Abs(actual - expected):E3} > tol {tol:E3})");
    }

    /// <summary>
    /// A random batch carrying every optional statistic, seeded. <paramref name="extreme"/> puts
    /// policy and reference margins near ±1e4.
    /// </summary>
    public static PreferenceBatch Random(Random rng, int b, bool extreme = false)
    {
        double U(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
        var nw = Enumerable.Range(0, b).Select(_ => rng.Next(1, 30)).ToArray();
        var nl = Enumerable.Range(0, b).Select(_ => rng.Next(1, 30)).ToArray();
        var pw = new double[b]; var pl = new double[b]; var rw = new double[b]; var rl = new double[b];
        for (int i = 0; i < b; i++)
        {
            if (extreme)
            {
                bool up = rng.Next(2) == 0;
                pw[i] = up ? -U(1, 5) : -U(9000, 10000);
                pl[i] = up ? -U(9000, 10000) : -U(1, 5);
                rw[i] = pw[i] + (rng.Next(2) == 0 ? U(-3, 3) : (up ? -1 : 1) * U(9000, 10000));
                rl[i] = pl[i] + U(-3, 3);
            }
            else
            {
                pw[i] = -U(0.5, 3) * nw[i];
                pl[i] = -U(0.5, 3) * nl[i];
                rw[i] = pw[i] + U(-6, 6);
                rl[i] = pl[i] + U(-6, 6);
            }
        }
        double[] Frac(double[] full) => full.Select(x => x * U(0.2, 0.9)).ToArray();
        return new PreferenceBatch
        {
            PolicyChosen = pw, PolicyRejected = pl, ReferenceChosen = rw, ReferenceRejected = rl,
            ChosenTokens = nw, RejectedTokens = nl,
            PolicyChosenShared = Frac(pw), PolicyRejectedShared = Frac(pl),
            ReferenceChosenShared = Frac(rw), ReferenceRejectedShared = Frac(rl),
            ChosenEntropy = nw.Select(n => n * U(0.3, 4)).ToArray(),
            RejectedEntropy = nl.Select(n => n * U(0.3, 4)).ToArray(),
            ScoreChosen = Enumerable.Range(0, b).Select(_ => U(0.05, 0.95)).ToArray(),
            ScoreRejected = Enumerable.Range(0, b).Select(_ => U(0.05, 0.95)).ToArray(),
            Weights = Enumerable.Range(0, b).Select(_ => U(0.3, 2)).ToArray(),
            NllLogp = Enumerable.Range(0, b).Select(i => pw[i] - U(5, 30)).ToArray(),
            NllTokens = Enumerable.Range(0, b).Select(i => nw[i] + rng.Next(3, 20)).ToArray(),
            Columns = new Dictionary<string, double[]>
            {
                ["harm_chosen"] = Enumerable.Range(0, b).Select(_ => U(0, 1)).ToArray(),
                ["harm_rejected"] = Enumerable.Range(0, b).Select(_ => U(0, 1)).ToArray(),
            },
        };
    }

    /// <summary>Same statistics with chosen and rejected exchanged (and scores, entropies, shared sums).</summary>
    public static PreferenceBatch Swap(PreferenceBatch b) => new()
    {
        PolicyChosen = b.PolicyRejected, PolicyRejected = b.PolicyChosen,
        ReferenceChosen = b.ReferenceRejected, ReferenceRejected = b.ReferenceChosen,
        ChosenTokens = b.RejectedTokens, RejectedTokens = b.ChosenTokens,
        PolicyChosenShared = b.PolicyRejectedShared, PolicyRejectedShared = b.PolicyChosenShared,
        ReferenceChosenShared = b.ReferenceRejectedShared, ReferenceRejectedShared = b.ReferenceChosenShared,
        ChosenEntropy = b.RejectedEntropy, RejectedEntropy = b.ChosenEntropy,
        ScoreChosen = b.ScoreRejected, ScoreRejected = b.ScoreChosen,
        PreferenceProbability = b.PreferenceProbability?.Select(p => 1 - p).ToArray(),
        Weights = b.Weights,
    };
}
