using SharpAlign.Objectives;
using static SharpAlign.Tests.Objectives.Fixtures;

namespace SharpAlign.Tests.Objectives;

/// <summary>
/// research/losses.md §13.7: a 3-token vocabulary example. Per-token log-probs are computed here
/// from the listed logits with a plain float64 log-softmax (the trainer's job), then the objectives
/// run on the resulting sequence statistics. Tolerance: 6 significant digits (rel 6e-6).
/// </summary>
public class TokenExampleTests
{
    private static readonly double[][] PolicyChosen = [[1.0, 2.0, 0.5], [0.0, 0.3, 1.5]];
    private static readonly double[][] PolicyRejected = [[1.5, 0.2, 0.0], [0.2, 0.1, 0.3], [0.0, 1.0, 0.0]];
    private static readonly double[][] RefChosen = [[1.0, 1.5, 0.5], [0.1, 0.5, 1.0]];
    private static readonly double[][] RefRejected = [[1.0, 0.4, 0.0], [0.2, 0.1, 0.3], [0.0, 0.5, 0.0]];
    private static readonly int[] ChosenIds = [1, 2];
    private static readonly int[] RejectedIds = [0, 2, 1];

    private static double LogSumExp(double[] z, double scale = 1)
    {
        double m = z.Max() * scale;
        return m + Math.Log(z.Sum(x => Math.Exp(scale * x - m)));
    }

    private static double[] TokenLogps(double[][] logits, int[] ids) =>
        logits.Select((z, t) => z[ids[t]] - LogSumExp(z)).ToArray();

    /// <summary>WPO's v_t = log p(y_t) − log Σ_v p_v², mean over tokens, exponentiated.</summary>
    private static double WpoWeight(double[][] logits, int[] ids) =>
        Math.Exp(logits.Select((z, t) => z[ids[t]] - LogSumExp(z) - (LogSumExp(z, 2) - 2 * LogSumExp(z))).Average());

    private static PreferenceBatch Stats(bool withShared, double? weight = null)
    {
        var pc = TokenLogps(PolicyChosen, ChosenIds);
        var pr = TokenLogps(PolicyRejected, RejectedIds);
        var rc = TokenLogps(RefChosen, ChosenIds);
        var rr = TokenLogps(RefRejected, RejectedIds);
        int lp = Math.Min(pc.Length, pr.Length);
        return new PreferenceBatch
        {
            PolicyChosen = [pc.Sum()], PolicyRejected = [pr.Sum()], ReferenceChosen = [rc.Sum()], ReferenceRejected = [rr.Sum()],
            ChosenTokens = [pc.Length], RejectedTokens = [pr.Length],
            PolicyChosenShared = withShared ? [pc.Take(lp).Sum()] : null,
            PolicyRejectedShared = withShared ? [pr.Take(lp).Sum()] : null,
            ReferenceChosenShared = withShared ? [rc.Take(lp).Sum()] : null,
            ReferenceRejectedShared = withShared ? [rr.Take(lp).Sum()] : null,
            Weights = weight is null ? null : [weight.Value],
        };
    }

    [Fact]
    public void PerTokenAndSequenceLogProbs()
    {
        double[] pc = [-0.464369, -0.421551], pr = [-0.402569, -1.00194, -0.551445];
        double[] rc = [-0.68027, -0.699676], rr = [-0.6506, -1.00194, -0.794377];
        var got = new[] { TokenLogps(PolicyChosen, ChosenIds), TokenLogps(PolicyRejected, RejectedIds), TokenLogps(RefChosen, ChosenIds), TokenLogps(RefRejected, RejectedIds) };
        var want = new[] { pc, pr, rc, rr };
        for (int s = 0; s < 4; s++)
            for (int t = 0; t < want[s].Length; t++) Close(want[s][t], got[s][t], what: $"seq {s} token {t}");
        var b = Stats(false);
        Close(-0.88592, b.PolicyChosen[0]); Close(-1.95596, b.PolicyRejected[0]);
        Close(-1.37995, b.ReferenceChosen![0]); Close(-2.44692, b.ReferenceRejected![0]);
    }

    [Fact]
    public void LossesOnTokenStatistics()
    {
        var b = Stats(false);
        var sigmoid = ObjectiveRegistry.CreatePaired("sigmoid").Compute(b);
        Close(0.692994, sigmoid.Loss, what: "sigmoid");
        Close(0.0494026, sigmoid.Metrics["rewards/chosen"], what: "β r_w");
        Close(0.0490963, sigmoid.Metrics["rewards/rejected"], what: "β r_l");
        Close(1, sigmoid.Metrics["rewards/accuracies"]);
        Close(24.1734, ObjectiveRegistry.CreatePaired("ipo").Compute(b).Loss, what: "ipo");
        Close(0.688988, ObjectiveRegistry.CreatePaired("sigmoid_norm").Compute(b).Loss, what: "sigmoid_norm");
        var rpo = ObjectiveRegistry.CreatePaired("rpo", Hp(("rpo_alpha", 1.0))).Compute(b);
        Close(0.44296, rpo.Metrics["nll_loss"], what: "sft NLL");
        Close(0.692994 + 0.44296, rpo.Loss, rel: 1e-5, what: "rpo");
    }

    [Fact]
    public void LdDpo()
    {
        var b = Stats(true);
        var both = ObjectiveRegistry.CreatePaired("sigmoid", Hp(("ld_alpha", 0.5))).Compute(b);
        Close(0.68694, both.Loss, what: "LD on policy+reference");
        Close(-0.88592, both.Metrics["logps/chosen"], what: "ℓ̂θ(y_w)");
        Close(-1.68023, both.Metrics["logps/rejected"], what: "ℓ̂θ(y_l)");
        // Δ̂ = 0.124528 → margins metric = β·Δ̂.
        Close(0.0124528, both.Metrics["rewards/margins"], rel: 2e-5, what: "β Δ̂");
        var policyOnly = ObjectiveRegistry.CreatePaired("sigmoid", Hp(("ld_alpha", 0.5), ("ld_on_reference", false))).Compute(b);
        Close(0.706873, policyOnly.Loss, what: "LD on policy only");
        Close(-0.027266, policyOnly.Metrics["rewards/margins"], rel: 2e-5, what: "β Δ̂ policy only");
    }

    [Fact]
    public void WpoWeighting()
    {
        double ww = WpoWeight(PolicyChosen, ChosenIds), wl = WpoWeight(PolicyRejected, RejectedIds);
        Close(1.33951, ww, what: "w(y_w)");
        Close(1.25758, wl, what: "w(y_l)");
        Close(1.68453, ww * wl, what: "pair weight");
        // The library helper the trainer uses gives the same weights.
        double Mean(double[][] logits, int[] ids) => logits.Select((z, t) => WpoWeights.TokenTerm(z.Select(v => (float)v).ToArray(), ids[t])).Average();
        Close(1.68453, WpoWeights.PairWeight(Mean(PolicyChosen, ChosenIds), Mean(PolicyRejected, RejectedIds)), what: "WpoWeights.PairWeight");
        var b = Stats(false, ww * wl);
        Close(1.16737, ObjectiveRegistry.CreatePaired("sigmoid", Hp(("use_weighting", true))).Compute(b).Loss, what: "WPO TRL-new");
        Close(0.692994, ObjectiveRegistry.CreatePaired("sigmoid", Hp(("use_weighting", true), ("wpo_clamp", true))).Compute(b).Loss, what: "WPO clamped");
    }
}
