using SharpAlign.Objectives.CustomPos;
using SharpAlign.Training;
using SharpAlign.Training.Config;
using SharpAlign.Training.Steps;

namespace SharpAlign.Tests.Training;

public sealed class CustomPosRecipeTests : IClassFixture<TrainingFixture>
{
    private readonly TrainingFixture _f;

    public CustomPosRecipeTests(TrainingFixture f) => _f = f;

    private static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SharpAlign.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, relative);
    }

    [Fact]
    public void TheDpoGammaRecipeRunsAsWrittenGivenLocalPaths()
    {
        string output = Path.Combine(_f.Root, "custompos-run");
        var (c, _) = ConfigReader.Read(RepoFile("examples/custompos-dpo-gamma.yaml"),
            ["--model_name_or_path", _f.ModelDir, "--dataset_mixer", $"{_f.TextPairs}=1.0", "--output_dir", output, "--max_steps", "2", "--gradient_accumulation_steps", "2",
             "--learning_rate", "1e-3"]);
        Assert.Equal(1.0, c.DatasetMixer[_f.TextPairs]);
        var lines = new List<string>();
        using var t = TrainerBuilder.Build(c, lines.Add);
        var r = t.Train();
        Assert.Equal(2, r.GlobalStep);
        Assert.True(File.Exists(Path.Combine(output, "model.safetensors")));
        Assert.Contains(lines, l => l.Contains("reference: a frozen copy"));
    }

    [Fact]
    public void SlicRecipeAddsTheSftTermAndSimpoTakesGammaAsItsMargin()
    {
        var slic = _f.Config("x", "contrast_loss_type: hinge\nreference_free: true\nlambda_sft: 1.0\nlambda_contrast: 1.0\nsft_type: token\n");
        var (o1, _, w1) = ObjectiveBinding.Create(slic, 300);
        Assert.IsType<CustomPosObjective>(o1);
        Assert.Empty(w1);
        var simpo = _f.Config("y", "contrast_loss_type: simpo\nreference_free: true\naverage_log_prob: true\ngamma: 0.5\nbeta: 0.1\nlambda_sft: 0\n");
        var (o2, _, w2) = ObjectiveBinding.Create(simpo, 300);
        Assert.Empty(w2);
        var batch = new SharpAlign.Objectives.PreferenceBatch { PolicyChosen = [-4.0], PolicyRejected = [-6.0], ChosenTokens = [2], RejectedTokens = [3] };
        // −log σ(β(ā_w − ā_l) − γ) with β = 0.1, γ = 0.5: ā_w = −2, ā_l = −2 → −log σ(−0.5)
        Assert.Equal(-Math.Log(1 / (1 + Math.Exp(0.5))), ((SharpAlign.Objectives.IPairedObjective)o2).Compute(batch).Loss, 10);
    }

    [Fact]
    public void RpoAlphaWithSigmoidIsRpo()
    {
        var (o, _, w) = ObjectiveBinding.Create(_f.Config("z", "loss_type: sigmoid\nrpo_alpha: 0.5\n"), 300);
        Assert.Equal("rpo", o.Info.Name);
        Assert.Empty(w);
    }
}
