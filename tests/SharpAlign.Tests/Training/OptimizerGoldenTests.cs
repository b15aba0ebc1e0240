using System.Text.Json;
using SharpAlign.Models;
using SharpAlign.Tensors;
using SharpAlign.Training.Optimizers;

namespace SharpAlign.Tests.Training;

/// <summary>
/// Three optimizer steps compared with PyTorch (tests/generators/training_optimizers.py):
/// torch.optim.AdamW/SGD/RMSprop and transformers' Adafactor update, weight decay 0.1 on the
/// matrix and none on the norm weight. Tolerance: 2e-6 absolute + 1e-5 relative (float32 state,
/// reductions summed in a different order than torch).
/// </summary>
public class OptimizerGoldenTests
{
    private static readonly JsonElement Golden = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Training", "optimizers_golden.json"))).RootElement;

    private static float[] Floats(JsonElement e) => e.EnumerateArray().Select(x => x.GetSingle()).ToArray();

    private static List<Parameter> InitialParameters()
    {
        var list = new List<Parameter>();
        foreach (var shape in Golden.GetProperty("shapes").EnumerateObject())
        {
            var t = new Tensor(shape.Value.EnumerateArray().Select(x => x.GetInt32()).ToArray());
            Floats(Golden.GetProperty("init").GetProperty(shape.Name)).CopyTo(t.Span);
            list.Add(new Parameter(shape.Name, t, trainable: true));
        }
        return list;
    }

    [Theory]
    [InlineData("adamw_torch")]
    [InlineData("sgd")]
    [InlineData("rmsprop")]
    [InlineData("adafactor")]
    public void ThreeStepsMatchPyTorch(string name)
    {
        var ps = InitialParameters();
        double lr = Golden.GetProperty("lr").GetDouble();
        using var opt = OptimizerFactory.Create(name, ps, Golden.GetProperty("weight_decay").GetDouble(), 0.9, 0.999, 1e-8);
        foreach (var step in Golden.GetProperty("grads").EnumerateArray())
        {
            foreach (var p in ps) Floats(step.GetProperty(p.Name)).CopyTo(p.Grad!.Span);
            opt.Step(lr);
        }
        Assert.Equal(3, opt.StepCount);
        foreach (var p in ps)
        {
            var expected = Floats(Golden.GetProperty(name).GetProperty(p.Name));
            var actual = p.Value.Span;
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(actual[i] - expected[i]) <= 2e-6 + 1e-5 * Math.Abs(expected[i]),
                    $"{name} {p.Name}[{i}]: {actual[i]} vs torch {expected[i]}");
            p.Dispose();
        }
    }

    [Fact]
    public void ClippingMatchesClipGradNorm()
    {
        var ps = InitialParameters();
        var first = Golden.GetProperty("grads")[0];
        foreach (var p in ps) Floats(first.GetProperty(p.Name)).CopyTo(p.Grad!.Span);
        var clip = Golden.GetProperty("clip");
        double norm = GradientClipping.ClipByGlobalNorm(ps, clip.GetProperty("max_norm").GetDouble());
        Assert.Equal(clip.GetProperty("norm").GetDouble(), norm, 5);
        foreach (var p in ps)
        {
            var expected = Floats(clip.GetProperty("clipped").GetProperty(p.Name));
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], p.Grad!.Span[i], 6);
        }
    }

    [Theory]
    [InlineData("model.layers.3.self_attn.q_proj.weight", true)]
    [InlineData("model.layers.3.self_attn.q_proj.bias", false)]
    [InlineData("model.norm.weight", false)]
    [InlineData("model.layers.0.input_layernorm.weight", false)]
    [InlineData("model.layers.0.pre_feedforward_layernorm.weight", false)]
    [InlineData("base_model.model.model.layers.0.mlp.down_proj.lora_A.weight", true)]
    public void WeightDecayFollowsTransformersNamePolicy(string name, bool decays) =>
        Assert.Equal(decays, WeightDecayPolicy.Decays(name));

    [Fact]
    public void UnknownOptimizerIsAnInputError() =>
        Assert.Throws<InputException>(() => OptimizerFactory.Create("lion", [], 0, 0.9, 0.999, 1e-8));
}
