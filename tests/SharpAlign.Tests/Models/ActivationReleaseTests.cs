using SharpAlign.Data;
using SharpAlign.Models;
using SharpAlign.Models.IO;
using SharpAlign.Tensors;

namespace SharpAlign.Tests.Models;

/// <summary>
/// Full-parameter training gives each layer's saved activations back to the OS during the backward
/// and the weight gradients back at every zeroing (<see cref="CausalLM.ReleasesActivations"/>).
/// The sizes here put the MLP activations and the gradient block above
/// <see cref="MemoryPages.MinReleaseBytes"/>, so pages really are released and taken back.
/// </summary>
public class ActivationReleaseTests
{
    private static CausalLM RandomModel()
    {
        var config = RandomCheckpoint.CreateConfig("llama", "tiny", new RandomModelSizes(HiddenSize: 64, NumLayers: 2, NumHeads: 4, NumKvHeads: 2, IntermediateSize: 512, VocabSize: 1000, TieWordEmbeddings: true));
        var tensors = new Dictionary<string, Tensor>();
        foreach (var spec in CheckpointLayout.ExpectedTensors(config))
        {
            var t = new Tensor(spec.Shape);
            RandomCheckpoint.Fill(config, spec.Name, 9, t.Span);
            tensors[spec.Name] = t;
        }
        return new CausalLM(config, tensors);
    }

    private static PackedBatch Pairs(int vocab)
    {
        var rng = new Random(4);
        int[] Ids(int n) => Enumerable.Range(0, n).Select(_ => rng.Next(vocab)).ToArray();
        var b = new PackedBatchBuilder();
        for (int i = 0; i < 2; i++) b.AddPair(Ids(100), Ids(60), Ids(60), prefixSharing: true);
        return b.Build();
    }

    private static Dictionary<string, float[]> Gradients(CausalLM model, PackedBatch batch)
    {
        var logp = model.Forward(batch, training: true).LogProbs;
        var d = logp.Select((_, i) => (float)Math.Sin(i)).ToArray();
        model.Backward(d);
        var grads = model.TrainableParameters.ToDictionary(p => p.Name, p => p.Grad!.Span.ToArray());
        model.ZeroGrad();
        return grads;
    }

    [Fact]
    public void RepeatedStepsAndCheckpointedStepsGiveTheSameGradients()
    {
        using var model = RandomModel();
        model.SetFullTraining(true);
        Assert.True(model.ReleasesActivations);
        var batch = Pairs(model.VocabSize);
        var first = Gradients(model, batch);
        var second = Gradients(model, batch);            // activations and gradients taken back after release
        model.ActivationCheckpointing = true;             // nothing released: the plain computation
        Assert.False(model.ReleasesActivations);
        var plain = Gradients(model, batch);
        Assert.True(first.Values.Sum(g => g.Count(v => v != 0)) > 100_000, "the gradients are mostly non-zero");
        foreach (var (name, g) in first)
        {
            Assert.Equal(g, second[name]);
            Assert.Equal(g, plain[name]);
        }
        foreach (var p in model.TrainableParameters) Assert.Equal(-1, p.Grad!.Span.IndexOfAnyExcept(0f));
    }

    [Fact]
    public void OneForwardServesOneBackward()
    {
        using var model = RandomModel();
        model.SetFullTraining(true);
        var batch = Pairs(model.VocabSize);
        var logp = model.Forward(batch, training: true).LogProbs;
        model.Backward(new float[logp.Length]);
        var e = Assert.Throws<InvalidOperationException>(() => model.Backward(new float[logp.Length]));
        Assert.Contains("preceding Forward", e.Message);
    }

    [Fact]
    public void LoraAndFrozenModelsKeepTheirActivations()
    {
        using var model = RandomModel();
        Assert.False(model.ReleasesActivations);
        model.EnableLora(new LoraConfig { Rank = 4 });
        Assert.False(model.ReleasesActivations);
        model.SetFullTraining(true);
        model.SetFullTraining(false);
        Assert.False(model.ReleasesActivations);
        Assert.All(model.Parameters.Where(p => !p.Name.Contains("lora_")), p => Assert.False(p.Trainable));
    }

    [Fact]
    public void GradientStorageMustMatchTheParameterShape()
    {
        using var value = new Tensor(3, 4);
        var p = new Parameter("w", value, trainable: false);
        using var wrong = new Tensor(4, 3);
        var e = Assert.Throws<ArgumentException>(() => p.SetTrainable(wrong));
        Assert.Contains("w", e.Message);
        Assert.Contains("expected [3, 4]", e.Message);
    }
}
