using SharpAlign.Objectives;
using SharpAlign.Objectives.CustomPos;

namespace SharpAlign.Tests.Objectives;

public class CustomPosObjectiveTests
{
    private static PreferenceBatch Batch(double[] pc, double[] pr) => new()
    {
        PolicyChosen = pc,
        PolicyRejected = pr,
        ChosenTokens = [3, 5, 2],
        RejectedTokens = [4, 1, 6],
        ReferenceChosen = [-7.0, -9.5, -3.2],
        ReferenceRejected = [-8.1, -2.0, -11.0],
    };

    [Theory]
    [InlineData("token", false, 1.0, 1.0)]
    [InlineData("instance", false, 0.5, 2.0)]
    [InlineData("instance", true, 1.0, 0.3)]
    [InlineData("token", false, 0.0, 1.0)]
    public void LossIsTheWeightedSumAndGradientsMatchFiniteDifferences(string sftType, bool average, double lc, double ls)
    {
        var inner = ObjectiveRegistry.CreatePaired("hinge");
        var o = new CustomPosObjective(inner, lc, ls, sftType, average);
        double[] pc = [-6.5, -10.0, -2.9], pr = [-8.0, -2.5, -10.1];
        var r = o.Compute(Batch(pc, pr));
        double nll = sftType == "token" ? -(pc.Sum()) / 10.0
            : average ? -(pc[0] / 3 + pc[1] / 5 + pc[2] / 2) / 3 : -pc.Average();
        Assert.Equal(lc * inner.Compute(Batch(pc, pr)).Loss + ls * nll, r.Loss, 12);
        Assert.Equal(nll, r.Metrics["nll_loss"], 12);
        const double h = 1e-6;
        for (int i = 0; i < 3; i++)
        {
            foreach (bool chosen in new[] { true, false })
            {
                double[] a = (double[])pc.Clone(), b = (double[])pr.Clone(), c = (double[])pc.Clone(), d = (double[])pr.Clone();
                if (chosen) { a[i] += h; c[i] -= h; } else { b[i] += h; d[i] -= h; }
                double fd = (o.Compute(Batch(a, b)).Loss - o.Compute(Batch(c, d)).Loss) / (2 * h);
                double analytic = chosen ? r.Gradient.PolicyChosen[i] : r.Gradient.PolicyRejected[i];
                Assert.Equal(fd, analytic, 6);
            }
        }
    }
}
