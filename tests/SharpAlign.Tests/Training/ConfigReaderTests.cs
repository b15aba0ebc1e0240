using SharpAlign.Training.Config;

namespace SharpAlign.Tests.Training;

public class ConfigReaderTests
{
    private static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SharpAlign.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, relative);
    }

    [Fact]
    public void CustomPosRecipeParsesWithWarningsForIgnoredKeys()
    {
        var (c, warnings) = ConfigReader.Read(RepoFile("examples/custompos-dpo-gamma.yaml"));
        Assert.Equal(["dpo-gamma"], c.LossType);
        Assert.Equal(0.1, Convert.ToDouble(c.LossOptions["beta"]));
        Assert.Equal(0.5, Convert.ToDouble(c.LossOptions["gamma"]));
        Assert.Equal(1e-7, c.LearningRate);
        Assert.Equal(2048, c.MaxLength);
        Assert.Equal(256, c.MaxPromptLength);
        Assert.Equal("cosine", c.LrSchedulerType);
        Assert.Equal("rmsprop", c.Optim);
        Assert.Equal("steps", c.EvalStrategy);
        Assert.Equal(32, c.GradientAccumulationSteps);
        Assert.Equal(1.0, c.DatasetMixer["data/mt_pref"]);
        Assert.Equal("bfloat16", c.TorchDtype);
        Assert.Equal(1, c.SaveTotalLimit);
        Assert.Contains(warnings, w => w.Contains("`bf16` is ignored"));
        Assert.Contains(warnings, w => w.Contains("`report_to` is ignored"));
        Assert.Contains(warnings, w => w.Contains("`optimizer_type: rmsprop` is used as `optim`"));
        Assert.All(warnings, w => Assert.Matches(@"custompos-dpo-gamma\.yaml:\d+: ", w));
    }

    [Fact]
    public void UnknownKeySuggestsClosest()
    {
        var e = Assert.Throws<InputException>(() => ConfigReader.ReadText("lerning_rate: 1e-5\n", "r.yaml"));
        Assert.Contains("r.yaml:1: unknown key `lerning_rate`; did you mean `learning_rate`?", e.Message);
    }

    [Fact]
    public void CommandLineOverridesTheFile()
    {
        var (c, _) = ConfigReader.ReadText("learning_rate: 1e-5\nloss_type: sigmoid\n", "r.yaml",
            ["--learning-rate", "3e-4", "--loss_type=ipo,hinge", "--loss_weights", "0.5,0.5", "--use_peft"]);
        Assert.Equal(3e-4, c.LearningRate);
        Assert.Equal(["ipo", "hinge"], c.LossType);
        Assert.Equal([0.5, 0.5], c.LossWeights!);
        Assert.True(c.UsePeft);
    }

    [Theory]
    [InlineData("learning_rate: fast\n", "`learning_rate` must be a finite number")]
    [InlineData("per_device_train_batch_size: 0\n", "must be a positive integer")]
    [InlineData("optim: adam\n", "`optim` must be one of")]
    [InlineData("loss_type: [sigmoid, ipo]\nloss_weights: [1]\n", "`loss_weights` has 1 entries but `loss_type` has 2")]
    [InlineData("beta: 0.1\nbeta: 0.2\n", "r.yaml:2:1: not valid YAML: Duplicate key")]
    [InlineData("- a\n- b\n", "must be a mapping")]
    [InlineData("a: [\n", "not valid YAML")]
    public void BadValuesNameTheKey(string yaml, string expected)
    {
        var e = Assert.Throws<InputException>(() => ConfigReader.ReadText(yaml, "r.yaml"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ExplicitOptimWinsOverOptimizerType()
    {
        var (c, w) = ConfigReader.ReadText("optimizer_type: rmsprop\noptim: sgd\n");
        Assert.Equal("sgd", c.Optim);
        Assert.Contains(w, x => x.Contains("`optimizer_type` is ignored because `optim` is given"));
    }
}
