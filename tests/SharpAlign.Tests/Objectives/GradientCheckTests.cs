using SharpAlign.Objectives;
using SharpAlign.Objectives.Constraints;
using static SharpAlign.Tests.Objectives.Fixtures;

namespace SharpAlign.Tests.Objectives;

/// <summary>
/// Every objective's gradient against central finite differences in float64, for every input
/// statistic of the batch (including the ones an objective ignores, whose gradient must be 0),
/// over seeded random batches and over batches with margins near ±1e4.
/// Step h = 1e-6·clamp(|x|, 1, 30) (the losses curve on the scale of the log-ratios, not of |x|);
/// tolerance 1e-6·(1 + |g|) + 2e-15·(1 + |L| + |x|·|g|)/h (the second term bounds the round-off of
/// the difference quotient: ~20 ulps of the loss and of x·∂L/∂x).
/// </summary>
public class GradientCheckTests
{
    /// <summary>(label, builder, stable at ±1e4 margins).</summary>
    public static IEnumerable<(string Label, Func<IPairedObjective> Make, bool Extreme)> PairedCases()
    {
        (string, Func<IPairedObjective>, bool) C(string name, string hp = "", bool extreme = true) =>
            ($"{name} {hp}", () => ObjectiveRegistry.CreatePaired(name, TestVectorTests.Parse(hp)), extreme);
        (string, Func<IPairedObjective>, bool) L(string[] names, string hp = "") =>
            ($"{string.Join("+", names)} {hp}", () => ObjectiveRegistry.Create(names, TestVectorTests.Parse(hp)), true);

        foreach (var info in ObjectiveRegistry.All.Where(i => i.Kind == ObjectiveKind.Paired))
        {
            switch (info.Name)
            {
                case "mallows-dpo": yield return C(info.Name, "vocab_size=32000"); yield return C(info.Name, "vocab_size=50;phi_star=0.6"); break;
                case "alphapo": yield return C(info.Name, "alpha=0.1", extreme: false); yield return C(info.Name, "alpha=-0.3", extreme: false); break;
                default: yield return C(info.Name); break;
            }
        }
        yield return C("sigmoid", "label_smoothing=0.2;legacy_sigmoid_smoothing=true");
        yield return C("cdpo", "label_smoothing=0.1");
        yield return C("robust", "label_smoothing=0.2");
        yield return C("exo_pair", "label_smoothing=0.1");
        yield return C("aot", "label_smoothing=0.1");
        yield return C("aot_unpaired", "label_smoothing=0.1");
        yield return C("dpo-gamma", "gamma=0.7;label_smoothing=0.1");
        yield return C("ipo", "ipo_variant=summed");
        yield return C("soft-label", "use_reward_logit=true");
        yield return C("fpo", "gamma=0.5");
        yield return C("fcpo", "gamma=0.5");
        foreach (var term in new[] { "sigmoid", "nca_pair", "ipo", "apo_down", "bco_pair", "sppo_hard", "discopop" })
        {
            yield return C(term, "f_divergence_type=forward_kl");
            yield return C(term, "f_divergence_type=js_divergence");
            yield return C(term, "f_divergence_type=alpha_divergence;f_alpha_divergence_coef=0.5");
            yield return C(term, "f_divergence_type=alpha_divergence;f_alpha_divergence_coef=1.3");
        }
        foreach (var term in new[] { "sigmoid", "aot", "ipo", "fcpo", "kto_pair" })
        {
            yield return C(term, "ld_alpha=0.3");
            yield return C(term, "ld_alpha=0.3;ld_on_reference=false");
        }
        yield return C("sigmoid", "use_weighting=true");
        yield return C("sigmoid", "use_weighting=true;wpo_clamp=true");
        yield return C("sigmoid", "reference_free=true");
        yield return C("rpo", "rpo_alpha=0.7");
        yield return L(["sigmoid", "bco_pair", "sft"], "loss_weights=[0.8,0.2,1.0]");
        yield return L(["ipo", "fcpo", "mallows-dpo", "soft-label"], "vocab_size=1000;use_weighting=true;ld_alpha=0.6");
        yield return C("cpo", "loss_type=hinge");
        yield return C("cpo", "loss_type=ipo");
        yield return C("cpo", "loss_type=simpo;label_smoothing=0.1");
        yield return C("cpo", "alpha=0.05", extreme: false);
        yield return C("simpo", "loss_type=hinge");
        yield return C("simpo", "average_log_prob=false;sft_weight=0.5");
        yield return ("sigmoid + score_likelihood_penalty", () => new ConstrainedObjective(ObjectiveRegistry.CreatePaired("sigmoid"),
            ObjectiveRegistry.CreateConstraint("score_likelihood_penalty", Hp(("coefficient", 0.7), ("chosen_column", "harm_chosen"), ("rejected_column", "harm_rejected")))), true);
    }

    private static IEnumerable<(string Name, double[] X, double[]? G)> Inputs(PreferenceBatch b, PreferenceGradient g)
    {
        yield return (nameof(b.PolicyChosen), b.PolicyChosen, g.PolicyChosen);
        yield return (nameof(b.PolicyRejected), b.PolicyRejected, g.PolicyRejected);
        yield return (nameof(b.ReferenceChosen), b.ReferenceChosen!, g.ReferenceChosen);
        yield return (nameof(b.ReferenceRejected), b.ReferenceRejected!, g.ReferenceRejected);
        yield return (nameof(b.PolicyChosenShared), b.PolicyChosenShared!, g.PolicyChosenShared);
        yield return (nameof(b.PolicyRejectedShared), b.PolicyRejectedShared!, g.PolicyRejectedShared);
        yield return (nameof(b.ReferenceChosenShared), b.ReferenceChosenShared!, g.ReferenceChosenShared);
        yield return (nameof(b.ReferenceRejectedShared), b.ReferenceRejectedShared!, g.ReferenceRejectedShared);
        yield return (nameof(b.ChosenEntropy), b.ChosenEntropy!, g.ChosenEntropy);
        yield return (nameof(b.RejectedEntropy), b.RejectedEntropy!, g.RejectedEntropy);
        yield return (nameof(b.ScoreChosen), b.ScoreChosen!, g.ScoreChosen);
        yield return (nameof(b.ScoreRejected), b.ScoreRejected!, g.ScoreRejected);
        yield return (nameof(b.Weights), b.Weights!, g.Weights);
        yield return (nameof(b.NllLogp), b.NllLogp!, g.NllLogp);
        if (b.PreferenceProbability is not null) yield return (nameof(b.PreferenceProbability), b.PreferenceProbability, g.PreferenceProbability);
        foreach (var (k, v) in b.Columns!) yield return ($"Columns[{k}]", v, g.Columns[k]);
    }

    private static double Step(double x) => 1e-6 * Math.Clamp(Math.Abs(x), 1, 30);

    private static double Tolerance(double g, double loss, double x, double h) =>
        1e-6 * (1 + Math.Abs(g)) + 2e-15 * (1 + Math.Abs(loss) + Math.Abs(x * g)) / h;

    internal static void CheckPaired(string label, IPairedObjective objective, PreferenceBatch batch)
    {
        var r = objective.Compute(batch);
        Assert.True(double.IsFinite(r.Loss), $"{label}: loss {r.Loss}");
        foreach (var (name, x, g) in Inputs(batch, r.Gradient))
        {
            Assert.NotNull(g);
            for (int i = 0; i < x.Length; i++)
            {
                double x0 = x[i], h = Step(x0);
                x[i] = x0 + h; double up = objective.Compute(batch).Loss;
                x[i] = x0 - h; double down = objective.Compute(batch).Loss;
                x[i] = x0;
                double fd = (up - down) / (2 * h);
                double tol = Tolerance(g![i], r.Loss, x0, h);
                Assert.True(double.IsFinite(g[i]), $"{label}: ∂L/∂{name}[{i}] = {g[i]}");
                Assert.True(Math.Abs(fd - g[i]) <= tol,
                    $"{label}: ∂L/∂{name}[{i}] analytic {g[i]:R} vs finite difference {fd:R} (x = {x0}, loss {r.Loss})");
            }
        }
    }

    public static TheoryData<string> PairedLabels() => new(PairedCases().Select(c => c.Label));

    [Theory]
    [MemberData(nameof(PairedLabels))]
    public void PairedObjectiveGradientsMatchFiniteDifferences(string label)
    {
        var c = PairedCases().Single(x => x.Label == label);
        var rng = new Random(label.Aggregate(17, (h, ch) => h * 31 + ch));
        for (int trial = 0; trial < 6; trial++)
        {
            var batch = Random(rng, rng.Next(1, 6));
            if (trial % 2 == 1) batch = WithProbability(batch, rng);
            CheckPaired(label, c.Make(), batch);
        }
        if (!c.Extreme) return;
        for (int trial = 0; trial < 4; trial++)
            CheckPaired(label + " (±1e4)", c.Make(), Random(rng, rng.Next(1, 6), extreme: true));
    }

    private static PreferenceBatch WithProbability(PreferenceBatch b, Random rng) => new()
    {
        PolicyChosen = b.PolicyChosen, PolicyRejected = b.PolicyRejected, ReferenceChosen = b.ReferenceChosen, ReferenceRejected = b.ReferenceRejected,
        ChosenTokens = b.ChosenTokens, RejectedTokens = b.RejectedTokens,
        PolicyChosenShared = b.PolicyChosenShared, PolicyRejectedShared = b.PolicyRejectedShared,
        ReferenceChosenShared = b.ReferenceChosenShared, ReferenceRejectedShared = b.ReferenceRejectedShared,
        ChosenEntropy = b.ChosenEntropy, RejectedEntropy = b.RejectedEntropy, ScoreChosen = b.ScoreChosen, ScoreRejected = b.ScoreRejected,
        PreferenceProbability = b.PolicyChosen.Select(_ => rng.NextDouble()).ToArray(),
        Weights = b.Weights, NllLogp = b.NllLogp, NllTokens = b.NllTokens, Columns = b.Columns,
    };

    [Theory]
    [InlineData("kto", false, false)]
    [InlineData("kto", true, false)]
    [InlineData("kto", false, true)]
    [InlineData("apo_zero_unpaired", false, false)]
    [InlineData("apo_zero_unpaired", false, true)]
    public void UnpairedObjectiveGradientsMatchFiniteDifferences(string name, bool givenKl, bool extreme)
    {
        var rng = new Random(name.Length * 7 + (givenKl ? 1 : 0) + (extreme ? 2 : 0));
        var objective = ObjectiveRegistry.CreateUnpaired(name, Hp(("desirable_weight", 1.3), ("undesirable_weight", 0.8)));
        for (int trial = 0; trial < 8; trial++)
        {
            int n = rng.Next(1, 7);
            double Scale() => extreme ? 1e4 : 30;
            var policy = Enumerable.Range(0, n).Select(_ => -rng.NextDouble() * Scale()).ToArray();
            var batch = new UnpairedBatch
            {
                PolicyLogp = policy,
                ReferenceLogp = policy.Select(p => p + (rng.NextDouble() - 0.5) * (extreme ? 2e4 : 10)).ToArray(),
                Tokens = Enumerable.Range(0, n).Select(_ => rng.Next(1, 20)).ToArray(),
                Desirable = Enumerable.Range(0, n).Select(_ => trial == 0 || rng.Next(2) == 0).ToArray(),
                KlPolicyLogp = givenKl ? null : Enumerable.Range(0, n).Select(_ => -rng.NextDouble() * 30).ToArray(),
                KlReferenceLogp = givenKl ? null : Enumerable.Range(0, n).Select(_ => -rng.NextDouble() * 30).ToArray(),
                KlEstimate = givenKl ? rng.NextDouble() * 2 - 0.5 : null,
            };
            var r = objective.Compute(batch);
            Assert.True(double.IsFinite(r.Loss));
            foreach (var (label, x, g) in new[] { ("PolicyLogp", batch.PolicyLogp, r.Gradient.PolicyLogp), ("ReferenceLogp", batch.ReferenceLogp, r.Gradient.ReferenceLogp!) })
                for (int i = 0; i < n; i++)
                {
                    double x0 = x[i], h = Step(x0);
                    x[i] = x0 + h; double up = objective.Compute(batch).Loss;
                    x[i] = x0 - h; double down = objective.Compute(batch).Loss;
                    x[i] = x0;
                    double fd = (up - down) / (2 * h);
                    Assert.True(Math.Abs(fd - g[i]) <= Tolerance(g[i], r.Loss, x0, h),
                        $"{name}: ∂L/∂{label}[{i}] analytic {g[i]} vs fd {fd}");
                }
        }
    }
}
