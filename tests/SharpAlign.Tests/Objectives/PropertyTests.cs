using SharpAlign.Objectives;
using static SharpAlign.Tests.Objectives.Fixtures;

namespace SharpAlign.Tests.Objectives;

/// <summary>
/// Identities between objectives, checked as seeded random loops (FsCheck is not available):
/// loss and every gradient array must agree to 1e-12 relative unless a row says otherwise.
/// </summary>
public class PropertyTests
{
    private const int Trials = 25;

    private static void Same(ObjectiveResult<PreferenceGradient> a, ObjectiveResult<PreferenceGradient> b, string what, double rel = 1e-12)
    {
        Close(a.Loss, b.Loss, rel, 1e-14, what + " loss");
        void Arr(double[]? x, double[]? y, string n)
        {
            if (x is null || y is null) return; // a statistic only one of the two batches carries
            for (int i = 0; i < x.Length; i++) Close(x[i], y[i], rel, 1e-14, $"{what} ∂{n}[{i}]");
        }
        Arr(a.Gradient.PolicyChosen, b.Gradient.PolicyChosen, "PolicyChosen");
        Arr(a.Gradient.PolicyRejected, b.Gradient.PolicyRejected, "PolicyRejected");
        Arr(a.Gradient.ReferenceChosen, b.Gradient.ReferenceChosen, "ReferenceChosen");
        Arr(a.Gradient.ReferenceRejected, b.Gradient.ReferenceRejected, "ReferenceRejected");
        Arr(a.Gradient.NllLogp, b.Gradient.NllLogp, "NllLogp");
    }

    private static void ForRandomBatches(int seed, Action<PreferenceBatch> check, bool extremes = true)
    {
        var rng = new Random(seed);
        for (int t = 0; t < Trials; t++) check(Random(rng, rng.Next(1, 8), extreme: extremes && t % 5 == 4));
    }

    private static ObjectiveResult<PreferenceGradient> Run(string name, PreferenceBatch b, params (string, object?)[] hp) =>
        ObjectiveRegistry.CreatePaired(name, Hp(hp)).Compute(b);

    [Fact]
    public void DpoGammaWithZeroGammaIsDpo() => ForRandomBatches(1, b =>
    {
        Same(Run("sigmoid", b), Run("dpo-gamma", b, ("gamma", 0.0)), "dpo-gamma γ=0 vs sigmoid");
        Same(Run("cdpo", b, ("label_smoothing", 0.2)), Run("dpo-gamma", b, ("gamma", 0.0), ("label_smoothing", 0.2)), "dpo-gamma γ=0 ε vs cdpo");
    });

    [Fact]
    public void CdpoAndRobustWithZeroSmoothingAreDpo() => ForRandomBatches(2, b =>
    {
        Same(Run("sigmoid", b), Run("cdpo", b), "cdpo ε=0");
        Same(Run("sigmoid", b), Run("robust", b), "robust ε=0");
        Same(Run("cdpo", b, ("label_smoothing", 0.3)), Run("sigmoid", b, ("label_smoothing", 0.3), ("legacy_sigmoid_smoothing", true)), "legacy sigmoid = cdpo");
    });

    [Fact]
    public void SimpoWithoutMarginOrLengthNormalisationIsCpoWithoutNll() => ForRandomBatches(3, b =>
    {
        foreach (double eps in new[] { 0.0, 0.15 })
            Same(Run("cpo", b, ("cpo_alpha", 0.0), ("label_smoothing", eps), ("beta", 0.7)),
                 Run("simpo", b, ("simpo_gamma", 0.0), ("average_log_prob", false), ("label_smoothing", eps), ("beta", 0.7)), $"simpo γ=0 summed vs cpo ε={eps}");
    });

    [Fact]
    public void SimpoGammaFormsAgreeAndCpoSimpoAddsTheNll() => ForRandomBatches(4, b =>
    {
        Same(Run("simpo", b, ("beta", 2.0), ("gamma_beta_ratio", 0.3)), Run("simpo", b, ("beta", 2.0), ("simpo_gamma", 0.6)), "γ/β vs γ");
        Same(Run("simpo", b, ("beta", 0.1), ("simpo_gamma", 0.5)), Run("cpo", b, ("loss_type", "simpo"), ("cpo_alpha", 0.0)), "simpo vs TRL cpo simpo");
        var simpo = Run("simpo", b, ("beta", 0.1), ("simpo_gamma", 0.5));
        var cpoSimpo = Run("cpo-simpo", b, ("cpo_alpha", 0.4));
        Close(simpo.Loss + 0.4 * cpoSimpo.Metrics["nll_loss"], cpoSimpo.Loss, 1e-12, 1e-14, "cpo-simpo = simpo + α·NLL");
        Same(cpoSimpo, Run("cpo", b, ("loss_type", "simpo"), ("cpo_alpha", 0.4)), "cpo-simpo vs TRL cpo simpo + cpo_alpha");
    });

    [Fact]
    public void AlphaPoTendsToSimpoAsAlphaGoesToZero() => ForRandomBatches(5, b =>
    {
        var simpo = Run("cpo", b, ("loss_type", "simpo"), ("cpo_alpha", 0.0));
        var alpha = Run("alphapo", b, ("alpha", 1e-9));
        Same(simpo, alpha, "alphapo α→0", rel: 1e-6);
    }, extremes: false);

    [Fact]
    public void RpoIsSigmoidPlusWeightedSft() => ForRandomBatches(6, b =>
    {
        Same(Run("rpo", b, ("rpo_alpha", 0.3)), ObjectiveRegistry.Create(["sigmoid", "sft"], Hp(("loss_weights", new[] { 1.0, 0.3 }))).Compute(b), "rpo");
    });

    [Fact]
    public void WeightedMultiLossIsTheWeightedSumOfItsParts() => ForRandomBatches(7, b =>
    {
        string[] names = ["sigmoid", "bco_pair", "sft", "ipo"];
        double[] w = [0.8, 0.2, 1.0, 0.05];
        var combined = ObjectiveRegistry.Create(names, Hp(("loss_weights", w))).Compute(b);
        var parts = names.Select(n => Run(n, b)).ToArray();
        Close(parts.Select((p, k) => w[k] * p.Loss).Sum(), combined.Loss, 1e-12, 1e-12, "loss");
        for (int i = 0; i < b.Count; i++)
            Close(parts.Select((p, k) => w[k] * p.Gradient.PolicyChosen[i]).Sum(), combined.Gradient.PolicyChosen[i], 1e-10, 1e-12, "∂ℓ_θ(y_w)");
    });

    [Fact]
    public void NeutralSettingsChangeNothing() => ForRandomBatches(8, b =>
    {
        var plain = Run("sigmoid", b);
        Same(plain, Run("sigmoid", b, ("ld_alpha", 1.0)), "ld_alpha = 1");
        Same(plain, Run("sigmoid", b, ("f_divergence_type", "alpha_divergence"), ("f_alpha_divergence_coef", 1.0)), "α-divergence α=1");
        var ones = new PreferenceBatch
        {
            PolicyChosen = b.PolicyChosen, PolicyRejected = b.PolicyRejected, ReferenceChosen = b.ReferenceChosen, ReferenceRejected = b.ReferenceRejected,
            ChosenTokens = b.ChosenTokens, RejectedTokens = b.RejectedTokens, Weights = b.PolicyChosen.Select(_ => 1.0).ToArray(),
        };
        Same(plain, Run("sigmoid", ones, ("use_weighting", true)), "WPO weights 1");
    });

    [Fact]
    public void JsDivergenceMatchesTheLegacyLogit() => ForRandomBatches(9, b =>
    {
        // TRL-legacy: logit = Δ − (softplus(r_w) − softplus(r_l)); −log σ(β·logit).
        double expected = 0;
        for (int i = 0; i < b.Count; i++)
        {
            double rw = b.PolicyChosen[i] - b.ReferenceChosen![i], rl = b.PolicyRejected[i] - b.ReferenceRejected![i];
            double logit = rw - rl - (StableMath.Softplus(rw) - StableMath.Softplus(rl));
            expected += -StableMath.LogSigmoid(0.1 * logit) / b.Count;
        }
        Close(expected, Run("sigmoid", b, ("f_divergence_type", "js_divergence")).Loss, 1e-10, 1e-14, "js");
    });

    [Fact]
    public void OnePairAotIsCdpo() => ForRandomBatches(10, b =>
    {
        var one = new PreferenceBatch
        {
            PolicyChosen = [b.PolicyChosen[0]], PolicyRejected = [b.PolicyRejected[0]], ReferenceChosen = [b.ReferenceChosen![0]],
            ReferenceRejected = [b.ReferenceRejected![0]], ChosenTokens = [b.ChosenTokens[0]], RejectedTokens = [b.RejectedTokens[0]],
        };
        Same(Run("cdpo", one, ("label_smoothing", 0.1)), Run("aot", one, ("label_smoothing", 0.1)), "aot B=1");
        Same(Run("cdpo", one, ("label_smoothing", 0.1)), Run("aot_unpaired", one, ("label_smoothing", 0.1)), "aot_unpaired B=1");
    });

    [Fact]
    public void SwappingChosenAndRejected() => ForRandomBatches(11, b =>
    {
        var s = Swap(b);
        double meanZ = Enumerable.Range(0, b.Count).Average(i =>
            0.1 * (b.PolicyChosen[i] - b.ReferenceChosen![i] - b.PolicyRejected[i] + b.ReferenceRejected![i]));
        // The margin metric flips sign for every DPO-family loss.
        foreach (var name in new[] { "sigmoid", "ipo", "nca_pair", "hinge", "kto_pair" })
            Close(-Run(name, b).Metrics["rewards/margins"], Run(name, s).Metrics["rewards/margins"], 1e-12, 1e-12, name + " margins");
        // ψ(−z) − ψ(z) = (1−2ε)·z for cDPO, z/(1−2ε) for robust DPO.
        Close((1 - 0.4) * meanZ, Run("cdpo", s, ("label_smoothing", 0.2)).Loss - Run("cdpo", b, ("label_smoothing", 0.2)).Loss, 1e-9, 1e-9, "cdpo");
        Close(meanZ / (1 - 0.4), Run("robust", s, ("label_smoothing", 0.2)).Loss - Run("robust", b, ("label_smoothing", 0.2)).Loss, 1e-9, 1e-9, "robust");
        // EXO with ε ↔ 1−ε and soft labels with p ↔ 1−p are invariant.
        Same(Run("exo_pair", b, ("label_smoothing", 0.1)), Reflect(Run("exo_pair", s, ("label_smoothing", 0.9))), "exo_pair");
        Same(Run("soft-label", b), Reflect(Run("soft-label", s)), "soft-label");
        // A margin loss depends on ℓ_θ(y_w) − ℓ_θ(y_l) only: ∂/∂ℓ_θ(y_w) = −∂/∂ℓ_θ(y_l).
        var g = Run("sigmoid", b).Gradient;
        for (int i = 0; i < b.Count; i++) Close(-g.PolicyChosen[i], g.PolicyRejected[i], 1e-15, 0, "sigmoid antisymmetry");
    });

    /// <summary>Maps a result on the swapped batch back to the original roles (chosen ↔ rejected gradients).</summary>
    private static ObjectiveResult<PreferenceGradient> Reflect(ObjectiveResult<PreferenceGradient> r)
    {
        var g = r.Gradient;
        int n = g.PolicyChosen.Length;
        var back = new PreferenceGradient(new PreferenceBatch
        {
            PolicyChosen = new double[n], PolicyRejected = new double[n], ReferenceChosen = new double[n], ReferenceRejected = new double[n],
            ChosenTokens = new int[n], RejectedTokens = new int[n],
        });
        g.PolicyRejected.CopyTo(back.PolicyChosen, 0);
        g.PolicyChosen.CopyTo(back.PolicyRejected, 0);
        g.ReferenceRejected!.CopyTo(back.ReferenceChosen!, 0);
        g.ReferenceChosen!.CopyTo(back.ReferenceRejected!, 0);
        return new ObjectiveResult<PreferenceGradient> { Loss = r.Loss, Gradient = back, Metrics = r.Metrics };
    }

    [Fact]
    public void UnpairedApoZeroIsHalfThePairedOne() => ForRandomBatches(12, b =>
    {
        var unpaired = new UnpairedBatch
        {
            PolicyLogp = [.. b.PolicyChosen, .. b.PolicyRejected],
            ReferenceLogp = [.. b.ReferenceChosen!, .. b.ReferenceRejected!],
            Tokens = [.. b.ChosenTokens, .. b.RejectedTokens],
            Desirable = [.. b.PolicyChosen.Select(_ => true), .. b.PolicyRejected.Select(_ => false)],
        };
        Close(Run("apo_zero", b).Loss / 2, ObjectiveRegistry.CreateUnpaired("apo_zero_unpaired").Compute(unpaired).Loss, 1e-12, 1e-14, "apo_zero");
        // KTO with a KL estimate ≤ 0 (clamped to 0) is apo_zero_unpaired: 1 − σ(−x) = σ(x).
        var kto = ObjectiveRegistry.CreateUnpaired("kto").Compute(new UnpairedBatch
        {
            PolicyLogp = unpaired.PolicyLogp, ReferenceLogp = unpaired.ReferenceLogp, Tokens = unpaired.Tokens, Desirable = unpaired.Desirable, KlEstimate = -3,
        });
        Close(Run("apo_zero", b).Loss / 2, kto.Loss, 1e-12, 1e-14, "kto z0=0");
        Assert.Equal(0, kto.Metrics["kl"]);
    });

    [Fact]
    public void KtoWithOneClassIsFinite()
    {
        foreach (bool desirable in new[] { true, false })
        {
            var r = ObjectiveRegistry.CreateUnpaired("kto").Compute(new UnpairedBatch
            {
                PolicyLogp = [-10, -20], ReferenceLogp = [-12, -18], Tokens = [5, 6], Desirable = [desirable, desirable],
                KlPolicyLogp = [-30, -31], KlReferenceLogp = [-29, -33],
            });
            Assert.True(double.IsFinite(r.Loss));
            Assert.All(r.Metrics.Values, v => Assert.True(double.IsFinite(v)));
            Assert.Equal(desirable, r.Metrics.ContainsKey("rewards/chosen"));
            Assert.Equal(!desirable, r.Metrics.ContainsKey("rewards/rejected"));
            Assert.False(r.Metrics.ContainsKey("rewards/margins"));
            Close(0.5, r.Metrics["kl"], 1e-15, 0, "kl = max(0, mean(−1, 2))");
        }
    }

    [Fact]
    public void LegacyBcoRunningMeanAccumulatesAcrossCalls()
    {
        var objective = ObjectiveRegistry.CreatePaired("bco_pair", Hp(("bco_shift", "running_mean")));
        var b1 = Batch(0, 1, 2);
        var b2 = Batch(2, 0);
        objective.Compute(b1);
        var r2 = objective.Compute(b2);
        var rewards = new[] { b1, b2 }.SelectMany(b => Enumerable.Range(0, b.Count).SelectMany(i => new[]
            { 0.1 * (b.PolicyChosen[i] - b.ReferenceChosen![i]), 0.1 * (b.PolicyRejected[i] - b.ReferenceRejected![i]) })).ToArray();
        Close(rewards.Average(), r2.Metrics["bco/running_mean"], 1e-12, 1e-15, "running mean over both batches");
    }

    [Fact]
    public void SummedIpoIsTheAuthorsFormAndLengthNormalisedDividesByCounts() => ForRandomBatches(13, b =>
    {
        double summed = 0, normed = 0;
        for (int i = 0; i < b.Count; i++)
        {
            double rw = b.PolicyChosen[i] - b.ReferenceChosen![i], rl = b.PolicyRejected[i] - b.ReferenceRejected![i];
            summed += Math.Pow(rw - rl - 5, 2) / b.Count;
            normed += Math.Pow(rw / b.ChosenTokens[i] - rl / b.RejectedTokens[i] - 5, 2) / b.Count;
        }
        Close(summed, Run("ipo", b, ("ipo_variant", "summed")).Loss, 1e-12, 1e-12, "summed");
        Close(normed, Run("ipo", b).Loss, 1e-12, 1e-12, "length-normalised");
    });
}
