using SharpAlign.Objectives;
using static SharpAlign.Tests.Objectives.Fixtures;

namespace SharpAlign.Tests.Objectives;

/// <summary>
/// research/losses.md §13: every test vector, reproduced through the registry. The document prints
/// 6 significant digits, so values are compared with relative tolerance 6e-6 (plus 1e-9 absolute).
/// β = 0.1, γ = 0.5, ε = 0.1 unless a row says otherwise.
/// </summary>
public class TestVectorTests
{
    private static double PerExample(string name, int tuple, Dictionary<string, object?>? hp = null, Func<PreferenceBatch, PreferenceBatch>? edit = null)
    {
        var batch = Batch(tuple);
        if (edit is not null) batch = edit(batch);
        return ObjectiveRegistry.CreatePaired(name, hp).Compute(batch).Loss;
    }

    public static TheoryData<string, string, double, double, double> ReferenceBased() => new()
    {
        { "sigmoid", "", 0.620957, 1.10319, 0.263282 },
        { "cdpo", "label_smoothing=0.1", 0.635957, 1.03319, 0.383282 },
        { "sigmoid", "label_smoothing=0.1;legacy_sigmoid_smoothing=true", 0.635957, 1.03319, 0.383282 },
        { "hinge", "", 0.85, 1.7, 0 },
        { "ipo", "", 22.4439, 37.21, 11.3906 },
        { "ipo", "ipo_variant=summed", 12.25, 144, 49 },
        { "exo_pair", "label_smoothing=0.1", 0.431388, 0.938065, 0.0729108 },
        { "exo_pair", "label_smoothing=0.001", 2.50552, 3.98055, 1.05869 },
        { "nca_pair", "", 1.35082, 1.58804, 1.15384 },
        { "robust", "label_smoothing=0.1", 0.602207, 1.19069, 0.113282 },
        { "bco_pair", "", 1.31286, 1.76737, 0.911401 },
        { "sppo_hard", "", 36.25, 145, 34 },
        { "apo_zero", "", 0.962523, 1.17313, 0.719107 },
        { "apo_down", "", 0.987549, 1.09375, 0.781309 },
        { "discopop", "discopop_tau=0.05", 0.849338, 1.10319, 0.301194 },
        { "sigmoid_norm", "", 0.680108, 0.749659, 0.615194 },
        { "sigmoid", "f_divergence_type=forward_kl", 0.631154, 2.13285, 0 },
        { "sigmoid", "f_divergence_type=js_divergence", 0.660652, 0.856105, 0.31669 },
        { "sigmoid", "f_divergence_type=alpha_divergence;f_alpha_divergence_coef=0.5", 0.627691, 1.2194, 1.38341e-13 },
        { "dpo-gamma", "gamma=0.5", 0.883382, 1.46328, 0.403186 },
        { "dpo-gamma", "gamma=0.5;label_smoothing=0.1", 0.848382, 1.34328, 0.473186 },
        { "fpo", "gamma=0.5", 0.422328, 0.901775, 0.12667 },
        { "fcpo", "gamma=0.5", 0.406809, 0.796237, 0.0117503 },
        { "ropo", "alpha_ropo=14", 1.76635, 2.60283, 0.872091 },
    };

    internal static Dictionary<string, object?> Parse(string spec) =>
        spec.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('='))
            .ToDictionary(kv => kv[0], kv => (object?)kv[1]);

    [Theory]
    [MemberData(nameof(ReferenceBased))]
    public void ReferenceBasedPerExampleLosses(string name, string hp, double t1, double t2, double t3)
    {
        double[] expected = [t1, t2, t3];
        for (int t = 0; t < 3; t++)
        {
            double got = PerExample(name, t, Parse(hp));
            if (expected[t] == 0 && name == "sigmoid") Assert.True(got >= 0 && got < 1e-300, $"T3 forward_kl ≈ e^-2203, got {got}");
            else Close(expected[t], got, what: $"{name} {hp} T{t + 1}");
        }
    }

    [Fact]
    public void SoftLabelFromScores()
    {
        double[] expected = [0.677588, 0.838908, 0.716331];
        for (int t = 0; t < 3; t++)
        {
            double got = PerExample("soft-label", t, null, b => new PreferenceBatch
            {
                PolicyChosen = b.PolicyChosen, PolicyRejected = b.PolicyRejected, ReferenceChosen = b.ReferenceChosen,
                ReferenceRejected = b.ReferenceRejected, ChosenTokens = b.ChosenTokens, RejectedTokens = b.RejectedTokens,
                ScoreChosen = [0.8], ScoreRejected = [0.3],
            });
            Close(expected[t], got, what: $"soft-label T{t + 1}");
        }
    }

    public static TheoryData<string, string, double, double, double> ReferenceFree() => new()
    {
        { "simpo", "beta=0.1;simpo_gamma=0.5", 1.00549, 0.883382, 0.913015 },
        { "simpo", "beta=0.1;gamma_beta_ratio=5", 1.00549, 0.883382, 0.913015 },
        { "cpo", "loss_type=simpo;cpo_alpha=0", 1.00549, 0.883382, 0.913015 },
        { "simpo", "beta=0.1;simpo_gamma=0.5;label_smoothing=0.1", 0.950492, 0.848382, 0.873015 },
        { "simpo", "beta=2.0;gamma_beta_ratio=0.5", 2.12693, 0.126928, 0.313262 },
        { "simpo", "beta=0.1;simpo_gamma=0.5;loss_type=hinge", 1.55, 1.35, 1.4 },
        { "cpo", "cpo_alpha=0", 0.598139, 0.974077, 0.0244228 },
        { "cpo", "cpo_alpha=0;label_smoothing=0.1", 0.618139, 0.924077, 0.394423 },
        { "cpo", "cpo_alpha=0;loss_type=ipo", 30.25, 12.25, 16 },
        { "slic", "lambda_sft=0", 0.8, 1.5, 0 },
        { "alphapo", "alpha=0.1", 1.01157, 0.849882, 0.899789 },
        { "cpo", "loss_type=alphapo;alpha=0.1", 1.01157, 0.849882, 0.899789 },
    };

    [Theory]
    [MemberData(nameof(ReferenceFree))]
    public void ReferenceFreePerExampleLosses(string name, string hp, double t1, double t2, double t3)
    {
        double[] expected = [t1, t2, t3];
        for (int t = 0; t < 3; t++)
        {
            var b = Batch(t);
            var noRef = new PreferenceBatch
            {
                PolicyChosen = b.PolicyChosen, PolicyRejected = b.PolicyRejected, ChosenTokens = b.ChosenTokens, RejectedTokens = b.RejectedTokens,
            };
            Close(expected[t], ObjectiveRegistry.CreatePaired(name, Parse(hp)).Compute(noRef).Loss, what: $"{name} {hp} T{t + 1}");
        }
    }

    [Fact]
    public void OrpoLogOddsAndOddsRatioTerm()
    {
        double[] logOdds = [-0.607069, 1.56717, 1.16683];
        double[] negLogSig = [1.04206, 0.189492, 0.271058];
        double[] term = [0.104206, 0.0189492, 0.0271058];
        for (int t = 0; t < 3; t++)
        {
            var b = Batch(t);
            var batch = new PreferenceBatch
            {
                PolicyChosen = b.PolicyChosen, PolicyRejected = b.PolicyRejected, ChosenTokens = b.ChosenTokens, RejectedTokens = b.RejectedTokens,
                NllLogp = [-30], NllTokens = [12],
            };
            var r = ObjectiveRegistry.CreatePaired("orpo").Compute(batch);
            Close(logOdds[t], r.Metrics["log_odds_chosen"], what: "L");
            Close(negLogSig[t], -r.Metrics["log_odds_ratio"], what: "−log σ(L)");
            Close(2.5, r.Metrics["nll_loss"], rel: 1e-15, what: "nll");
            Close(term[t], r.Loss - 2.5, rel: 1e-5, what: "−β log σ(L)");
        }
    }

    [Fact]
    public void BatchLevelLosses()
    {
        var batch = Batch(0, 1, 2);
        Close(0.675641, ObjectiveRegistry.CreatePaired("aot", Hp(("label_smoothing", 0.1))).Compute(batch).Loss, what: "aot ε=0.1");
        Close(0.653974, ObjectiveRegistry.CreatePaired("aot").Compute(batch).Loss, what: "aot ε=0");
        Close(0.629094, ObjectiveRegistry.CreatePaired("aot_unpaired", Hp(("label_smoothing", 0.1))).Compute(batch).Loss, what: "aot_unpaired");
        Close(0.629094, ObjectiveRegistry.CreatePaired("aot_pair", Hp(("label_smoothing", 0.1))).Compute(batch).Loss, what: "aot_pair alias");
        var ktoPair = ObjectiveRegistry.CreatePaired("kto_pair").Compute(batch);
        Close(0.475794, ktoPair.Loss, what: "kto_pair");
        Assert.Equal(0, ktoPair.Metrics["kl/chosen"]);
        Assert.Equal(0, ktoPair.Metrics["kl/rejected"]);
        Close(1.32812, ObjectiveRegistry.CreatePaired("bco_pair", Hp(("bco_shift", "running_mean"))).Compute(batch).Loss, what: "legacy bco_pair");

        var sigmoid = ObjectiveRegistry.CreatePaired("sigmoid").Compute(batch);
        Close(0.662475, sigmoid.Loss, what: "sigmoid batch");
        Assert.True(Math.Abs(sigmoid.Metrics["rewards/chosen"]) < 1e-15);
        Close(-0.216667, sigmoid.Metrics["rewards/rejected"], what: "rewards/rejected");
        Close(0.216667, sigmoid.Metrics["rewards/margins"], what: "rewards/margins");
        Close(0.666667, sigmoid.Metrics["rewards/accuracies"], what: "accuracies");
        Close(-12.6667, sigmoid.Metrics["logps/chosen"], what: "logps/chosen");
        Close(-24, sigmoid.Metrics["logps/rejected"], what: "logps/rejected");
    }

    [Fact]
    public void KtoWithGivenKlEstimate()
    {
        var b = Batch(0, 1, 2);
        var unpaired = new UnpairedBatch
        {
            PolicyLogp = [.. b.PolicyChosen, .. b.PolicyRejected],
            ReferenceLogp = [.. b.ReferenceChosen!, .. b.ReferenceRejected!],
            Tokens = [.. b.ChosenTokens, .. b.RejectedTokens],
            Desirable = [true, true, true, false, false, false],
            KlEstimate = 0.2,
        };
        var r = ObjectiveRegistry.CreateUnpaired("kto").Compute(unpaired);
        Close(0.475977, r.Loss, what: "kto z0=0.2");
        Assert.Equal(0.2, r.Metrics["kl"]);
    }

    public static TheoryData<string, string, double> StepZero() => new()
    {
        { "sigmoid", "", 0.693147 }, { "cdpo", "label_smoothing=0.1", 0.693147 }, { "robust", "label_smoothing=0.1", 0.693147 },
        { "hinge", "", 1 }, { "ipo", "", 25 }, { "ipo", "ipo_variant=summed", 25 },
        { "exo_pair", "label_smoothing=0.1", 0.510826 }, { "exo_pair", "label_smoothing=0.001", 2.76123 },
        { "nca_pair", "", 1.38629 }, { "bco_pair", "", 1.38629 }, { "sppo_hard", "", 50 }, { "apo_zero", "", 1 },
        { "apo_down", "", 1 }, { "discopop", "", 0.846574 }, { "dpo-gamma", "gamma=0.5", 0.974077 },
    };

    [Theory]
    [MemberData(nameof(StepZero))]
    public void StepZeroValues(string name, string hp, double expected)
    {
        var batch = new PreferenceBatch
        {
            PolicyChosen = [-10, -25], PolicyRejected = [-12, -20], ReferenceChosen = [-10, -25], ReferenceRejected = [-12, -20],
            ChosenTokens = [5, 10], RejectedTokens = [8, 5],
        };
        var r = ObjectiveRegistry.CreatePaired(name, Parse(hp)).Compute(batch);
        Close(expected, r.Loss, what: name);
        Assert.Equal(0, r.Metrics["rewards/accuracies"]);
    }

    [Fact]
    public void GradientsWithRespectToMargin()
    {
        // ∂L/∂ℓ_θ(y_w) = ∂L/∂Δ for a one-pair batch.
        double[] deltas = [1.5, -7, 12];
        double[] sigmoid = [-0.046257, -0.0668188, -0.0231475];
        double[] ipoSummed = [-7, -24, 14];
        double[] hinge = [-0.1, -0.1, 0];
        double[] gamma = [-0.0586618, -0.0768525, -0.0331812];
        for (int k = 0; k < 3; k++)
        {
            var batch = new PreferenceBatch
            {
                PolicyChosen = [deltas[k] - 10], PolicyRejected = [-10], ReferenceChosen = [0], ReferenceRejected = [0],
                ChosenTokens = [4], RejectedTokens = [4],
            };
            double G(string name, Dictionary<string, object?>? hp = null)
            {
                var g = ObjectiveRegistry.CreatePaired(name, hp).Compute(batch).Gradient;
                Assert.Equal(g.PolicyChosen[0], -g.PolicyRejected[0], 15);
                Assert.Equal(g.PolicyChosen[0], -g.ReferenceChosen![0], 15);
                return g.PolicyChosen[0];
            }
            Close(sigmoid[k], G("sigmoid"), what: "sigmoid'");
            Close(ipoSummed[k], G("ipo", Hp(("ipo_variant", "summed"))), what: "ipo'");
            Close(hinge[k], G("hinge"), what: "hinge'");
            Close(gamma[k], G("dpo-gamma", Hp(("gamma", 0.5))), what: "dpo-gamma'");
        }
    }

    [Theory]
    [InlineData(-1e-8, -18.4207)]
    [InlineData(-1e-6, -13.8155)]
    [InlineData(-0.01, -4.61017)]
    [InlineData(-0.5, -0.932752)]
    [InlineData(-2, -0.145413)]
    [InlineData(-30, -9.35762e-14)]
    public void Log1mExpReferenceValues(double a, double expected) => Close(expected, StableMath.Log1mExp(a), what: $"log1mexp({a})");
}
