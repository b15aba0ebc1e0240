using SharpAlign.Objectives;
using static SharpAlign.Tests.Objectives.Fixtures;

namespace SharpAlign.Tests.Objectives;

/// <summary>Undefined inputs throw InputException naming the field; extreme but valid inputs stay finite.</summary>
public class InputValidationTests
{
    private static PreferenceBatch Pair(double pw = -10, double pl = -12, double? rw = -11, double? rl = -11.5, int nw = 5, int nl = 8) => new()
    {
        PolicyChosen = [pw], PolicyRejected = [pl], ReferenceChosen = rw is null ? null : [rw.Value], ReferenceRejected = rl is null ? null : [rl.Value],
        ChosenTokens = [nw], RejectedTokens = [nl],
    };

    [Theory]
    [InlineData("sigmoid")]
    [InlineData("simpo")]
    [InlineData("orpo")]
    public void NanStatisticsAreNamed(string name)
    {
        var e = Assert.Throws<InputException>(() => ObjectiveRegistry.CreatePaired(name).Compute(Pair(pw: double.NaN)));
        Assert.Contains("PolicyChosen[0]", e.Message);
    }

    [Theory]
    [InlineData("ipo", "ChosenTokens[0] = 0")]
    [InlineData("sigmoid_norm", "ChosenTokens[0] = 0")]
    [InlineData("simpo", "ChosenTokens[0] = 0")]
    [InlineData("cpo-simpo", "ChosenTokens[0] = 0")]
    public void ZeroTokenCountWhereAMeanIsNeededThrows(string name, string message)
    {
        var e = Assert.Throws<InputException>(() => ObjectiveRegistry.CreatePaired(name).Compute(Pair(nw: 0)));
        Assert.Contains(message, e.Message);
        // The summed forms do not divide by the count.
        Assert.True(double.IsFinite(ObjectiveRegistry.CreatePaired("ipo", Hp(("ipo_variant", "summed"))).Compute(Pair(nw: 0)).Loss));
    }

    [Fact]
    public void SftOverNoTokensThrows()
    {
        var e = Assert.Throws<InputException>(() => ObjectiveRegistry.CreatePaired("rpo").Compute(Pair(nw: 0)));
        Assert.Contains("NLL", e.Message);
    }

    [Fact]
    public void MissingInputsAreNamed()
    {
        Assert.Contains("reference", Assert.Throws<InputException>(() => ObjectiveRegistry.CreatePaired("sigmoid").Compute(Pair(rw: null, rl: null))).Message);
        Assert.Contains("PolicyChosenShared", Assert.Throws<InputException>(() => ObjectiveRegistry.CreatePaired("sigmoid", Hp(("ld_alpha", 0.5))).Compute(Pair())).Message);
        Assert.Contains("Weights", Assert.Throws<InputException>(() => ObjectiveRegistry.CreatePaired("sigmoid", Hp(("use_weighting", true))).Compute(Pair())).Message);
        Assert.Contains("ChosenEntropy", Assert.Throws<InputException>(() => ObjectiveRegistry.CreatePaired("mallows-dpo", Hp(("vocab_size", 100))).Compute(Pair())).Message);
        Assert.Contains("ScoreChosen", Assert.Throws<InputException>(() => ObjectiveRegistry.CreatePaired("soft-label").Compute(Pair())).Message);
        Assert.Contains("NllLogp", Assert.Throws<InputException>(() => ObjectiveRegistry.CreatePaired("orpo").Compute(Pair())).Message);
        Assert.Contains("KL reference point", Assert.Throws<InputException>(() => ObjectiveRegistry.CreateUnpaired("kto").Compute(new UnpairedBatch
        {
            PolicyLogp = [-1], ReferenceLogp = [-1], Tokens = [1], Desirable = [true],
        })).Message);
        // Reference-free objectives and reference_free (TRL-legacy) need none.
        Assert.True(double.IsFinite(ObjectiveRegistry.CreatePaired("sigmoid", Hp(("reference_free", true))).Compute(Pair(rw: null, rl: null)).Loss));
        Assert.True(double.IsFinite(ObjectiveRegistry.CreatePaired("sft").Compute(Pair(rw: null, rl: null)).Loss));
    }

    [Fact]
    public void ShapeAndRangeErrors()
    {
        var bad = new PreferenceBatch { PolicyChosen = [-1, -2], PolicyRejected = [-1], ChosenTokens = [1, 1], RejectedTokens = [1, 1] };
        Assert.Contains("PolicyRejected has 1 entries, expected B = 2", Assert.Throws<InputException>(() => ObjectiveRegistry.CreatePaired("simpo").Compute(bad)).Message);
        var empty = new PreferenceBatch { PolicyChosen = [], PolicyRejected = [], ChosenTokens = [], RejectedTokens = [] };
        Assert.Contains("B = 0", Assert.Throws<InputException>(() => ObjectiveRegistry.CreatePaired("simpo").Compute(empty)).Message);
        var p = new PreferenceBatch { PolicyChosen = [-1], PolicyRejected = [-1], ReferenceChosen = [-1], ReferenceRejected = [-1], ChosenTokens = [1], RejectedTokens = [1], PreferenceProbability = [1.5] };
        Assert.Contains("outside [0, 1]", Assert.Throws<InputException>(() => ObjectiveRegistry.CreatePaired("soft-label").Compute(p)).Message);
        Assert.Contains("negative", Assert.Throws<InputException>(() => ObjectiveRegistry.CreatePaired("sigmoid").Compute(Pair(nw: -1))).Message);
        Assert.Contains("≥ 0", Assert.Throws<InputException>(() => ObjectiveRegistry.CreatePaired("orpo").Compute(new PreferenceBatch
        {
            PolicyChosen = [0], PolicyRejected = [-3], ChosenTokens = [2], RejectedTokens = [2], NllLogp = [-4], NllTokens = [4],
        })).Message);
        Assert.Throws<InputException>(() => ObjectiveRegistry.CreateUnpaired("kto").Compute(new UnpairedBatch
        {
            PolicyLogp = [-1, -2], ReferenceLogp = [-1, -2], Tokens = [1, 1], Desirable = [true], KlEstimate = 0,
        }));
    }

    [Fact]
    public void LargeMarginsStayFiniteAndExact()
    {
        // βΔ = −1000: −log σ(−1000) = 1000 exactly in double; the naive log(σ) would give +inf.
        var r = ObjectiveRegistry.CreatePaired("sigmoid").Compute(Pair(pw: -1e4, pl: 0, rw: 0, rl: 0));
        Assert.Equal(1000, r.Loss, 9);
        Assert.Equal(-0.1, r.Gradient.PolicyChosen[0], 12);
        // βΔ = +1000: loss e^-1000 underflows to 0 without NaN; gradient 0.
        var up = ObjectiveRegistry.CreatePaired("discopop").Compute(Pair(pw: 0, pl: -1e4, rw: 0, rl: 0));
        Assert.True(double.IsFinite(up.Loss) && up.Loss >= 0);
        var down = ObjectiveRegistry.CreatePaired("discopop").Compute(Pair(pw: -1e4, pl: 0, rw: 0, rl: 0));
        Close(1000, down.Loss, 1e-12, 0, "discopop at z = −1000 is −log σ(z)");
        // ORPO with a confident policy (a → 0⁻) keeps the log-odds finite.
        var orpo = ObjectiveRegistry.CreatePaired("orpo").Compute(new PreferenceBatch
        {
            PolicyChosen = [-1e-10], PolicyRejected = [-20], ChosenTokens = [1], RejectedTokens = [4], NllLogp = [-3], NllTokens = [3],
        });
        Close(-1e-10 + 5 - (Math.Log(1e-10) - Math.Log(1 - Math.Exp(-5))), orpo.Metrics["log_odds_chosen"], 1e-9, 0, "log odds at a = −1e-10");
        Assert.True(double.IsFinite(orpo.Gradient.PolicyChosen[0]));
    }
}
