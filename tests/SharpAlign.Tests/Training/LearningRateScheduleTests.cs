using SharpAlign.Training.Schedules;

namespace SharpAlign.Tests.Training;

public class LearningRateScheduleTests
{
    // Expected multipliers worked out by hand from transformers' lr_lambda definitions
    // (get_linear_schedule_with_warmup, get_cosine_schedule_with_warmup with num_cycles 0.5, …),
    // warm-up 2 steps, 10 steps in all.
    [Theory]
    [InlineData("linear", new[] { 0.0, 0.5, 1.0, 0.875, 0.5, 0.125, 0.0 })]
    [InlineData("cosine", new[] { 0.0, 0.5, 1.0, 0.96193976625564337, 0.5, 0.03806023374435663, 0.0 })]
    [InlineData("constant_with_warmup", new[] { 0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0 })]
    [InlineData("constant", new[] { 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 })]
    public void MultipliersMatchTransformers(string type, double[] expected)
    {
        int[] steps = [0, 1, 2, 3, 6, 9, 10];
        var s = LearningRateSchedule.Create(type, 1e-3, warmupSteps: 2, warmupRatio: 0, totalSteps: 10);
        for (int i = 0; i < steps.Length; i++)
            Assert.Equal(expected[i], s.Multiplier(steps[i]), 12);
        Assert.Equal(1e-3 * expected[1], s.RateAt(1), 15);
    }

    [Fact]
    public void WarmupRatioRoundsUpAndStepsWin()
    {
        Assert.Equal(2, LearningRateSchedule.Create("linear", 1, 0, 0.15, 10).WarmupSteps);
        Assert.Equal(3, LearningRateSchedule.Create("linear", 1, 3, 0.5, 10).WarmupSteps);
    }

    [Fact]
    public void UnknownTypeIsAnInputError() =>
        Assert.Throws<InputException>(() => LearningRateSchedule.Create("polynomial", 1, 0, 0, 10));
}
