using SharpAlign.Objectives;
using SharpAlign.Objectives.Constraints;
using static SharpAlign.Tests.Objectives.Fixtures;

namespace SharpAlign.Tests.Objectives;

/// <summary>The constraint extension point and its worked example (gradients are in GradientCheckTests).</summary>
public class ConstraintTests
{
    [Fact]
    public void ScoreLikelihoodPenaltyAddsLambdaTimesScoreTimesTokenProbability()
    {
        var b = Batch(0, 1);
        var withCols = new PreferenceBatch
        {
            PolicyChosen = b.PolicyChosen, PolicyRejected = b.PolicyRejected, ReferenceChosen = b.ReferenceChosen, ReferenceRejected = b.ReferenceRejected,
            ChosenTokens = b.ChosenTokens, RejectedTokens = b.RejectedTokens,
            Columns = new Dictionary<string, double[]> { ["harm"] = [0.9, 0.1] },
        };
        var dpo = ObjectiveRegistry.CreatePaired("sigmoid");
        var constrained = new ConstrainedObjective(dpo, ObjectiveRegistry.CreateConstraint("score_likelihood_penalty",
            Hp(("coefficient", 0.5), ("chosen_column", "harm"))));
        var plain = dpo.Compute(withCols);
        var r = constrained.Compute(withCols);
        // P = 0.5 · mean(0.9·e^{−10/5}, 0.1·e^{−25/10}).
        double expected = 0.5 * (0.9 * Math.Exp(-2) + 0.1 * Math.Exp(-2.5)) / 2;
        Close(expected, r.Metrics["constraint/score_likelihood_penalty"], 1e-14, 0, "penalty");
        Close(plain.Loss + expected, r.Loss, 1e-14, 0, "total");
        Close(plain.Gradient.PolicyChosen[0] + 0.5 * 0.9 * Math.Exp(-2) / 5 / 2, r.Gradient.PolicyChosen[0], 1e-12, 0, "∂/∂ℓ_θ(y_w)");
        Assert.Equal(plain.Gradient.PolicyRejected[1], r.Gradient.PolicyRejected[1]);
    }

    [Fact]
    public void MisconfiguredPenaltiesAreRejected()
    {
        Assert.Contains("coefficient", Assert.Throws<InputException>(() => ObjectiveRegistry.CreateConstraint("score_likelihood_penalty", Hp(("chosen_column", "x")))).Message);
        Assert.Contains("chosen_column", Assert.Throws<InputException>(() => ObjectiveRegistry.CreateConstraint("score_likelihood_penalty", Hp(("coefficient", 1.0)))).Message);
        Assert.Contains("did you mean", Assert.Throws<InputException>(() => ObjectiveRegistry.CreateConstraint("score_likelihood_penalti")).Message);
        var c = new ConstrainedObjective(ObjectiveRegistry.CreatePaired("sigmoid"), new ScoreLikelihoodPenalty(1, "harm_chosn", null));
        var b = Random(new Random(1), 2);
        Assert.Contains("did you mean 'harm_chosen'", Assert.Throws<InputException>(() => c.Compute(b)).Message);
    }
}
