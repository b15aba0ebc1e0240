using SharpAlign.Data;
using SharpAlign.Models;

namespace SharpAlign.Tests.Models;

/// <summary>
/// Properties of the whole model on the golden checkpoints: layouts agree, LoRA starts at the base,
/// merging preserves outputs, checkpointing and interleaved reference passes change nothing.
/// </summary>
public class ModelBehaviourTests
{
    private static PackedBatch RandomPairs(int seed, int vocab, bool prefix, int pairs = 3)
    {
        var rng = new Random(seed);
        int[] Ids(int n) => Enumerable.Range(0, n).Select(_ => rng.Next(vocab)).ToArray();
        var specs = Enumerable.Range(0, pairs).Select(_ => (Ids(rng.Next(3, 12)), Ids(rng.Next(1, 9)), Ids(rng.Next(1, 9)))).ToArray();
        var b = new PackedBatchBuilder();
        foreach (var (p, c, r) in specs) b.AddPair(p, c, r, prefix);
        return b.Build();
    }

    private static (float[] SeqLogps, Dictionary<string, float[]> Grads) Step(CausalLM model, PackedBatch batch, int seed)
    {
        var res = model.Forward(batch, training: true, entropy: true);
        var seq = CausalLM.SequenceSums(batch, res.LogProbs);
        var rng = new Random(seed);
        var coef = Enumerable.Range(0, seq.Length).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var ecoef = Enumerable.Range(0, seq.Length).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        model.ZeroGrad();
        model.Backward(CausalLM.SequenceGradToEntries(batch, coef), CausalLM.SequenceGradToEntries(batch, ecoef));
        return (seq, model.TrainableParameters.ToDictionary(p => p.Name, p => p.Grad!.Span.ToArray()));
    }

    [Theory]
    [InlineData("llama_f32")]
    [InlineData("qwen2_f32")]
    [InlineData("mistral_f32")]
    [InlineData("gemma2_f32")]
    public void PrefixSharedEqualsPlainLayout(string name)
    {
        using var c = new GoldenCase(name);
        using var model = c.LoadModel();
        model.SetFullTraining(true);
        var shared = Step(model, RandomPairs(11, model.VocabSize, prefix: true), 5);
        var plain = Step(model, RandomPairs(11, model.VocabSize, prefix: false), 5);
        for (int i = 0; i < shared.SeqLogps.Length; i++)
            Assert.True(Math.Abs(shared.SeqLogps[i] - plain.SeqLogps[i]) <= 1e-5 * Math.Abs(plain.SeqLogps[i]), $"seq {i}: {shared.SeqLogps[i]} vs {plain.SeqLogps[i]}");
        foreach (var (n, g) in plain.Grads)
        {
            double err = GoldenCase.RelMaxError(shared.Grads[n], g);
            Assert.True(err <= 1e-5, $"{n}: relative error {err:E2}");
        }
    }

    [Fact]
    public void FreshLoraEqualsBaseAndDisabledAdaptersEqualBase()
    {
        using var c = new GoldenCase("gemma2_f32");
        using var model = c.LoadModel();
        var batch = RandomPairs(3, model.VocabSize, true);
        var baseLogp = model.Forward(batch, training: false).LogProbs;
        model.EnableLora(new LoraConfig { Rank = 4, Alpha = 8, Seed = 1 });
        Assert.Equal(baseLogp, model.Forward(batch, training: false).LogProbs);
        Assert.Equal(baseLogp, model.Forward(batch, training: true).LogProbs);
        Assert.All(model.TrainableParameters, p => Assert.Contains(".lora_", p.Name));
        Assert.Equal(2 * 7 * model.Config.NumLayers, model.TrainableParameters.Count);
        // give B values, as training would; adapters off must still be the base, bit for bit
        var rng = new Random(2);
        foreach (var p in model.LoraParameters.Where(p => p.Name.Contains("lora_B"))) FiniteDifference.Random((int)p.Value.Length, rng, 0.2).CopyTo(p.Value.Span);
        Assert.Equal(baseLogp, model.Forward(batch, training: false, adaptersEnabled: false).LogProbs);
        Assert.NotEqual(baseLogp, model.Forward(batch, training: false).LogProbs);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MergedEqualsUnmerged(bool rsLora)
    {
        using var c = new GoldenCase("qwen2_f32");
        using var model = c.LoadModel();
        var batch = RandomPairs(4, model.VocabSize, true);
        model.EnableLora(new LoraConfig { Rank = 3, Alpha = 5, UseRsLora = rsLora, Seed = 7, TargetModules = ["q_proj", "v_proj", "down_proj"] });
        var rng = new Random(3);
        foreach (var p in model.LoraParameters.Where(p => p.Name.Contains("lora_B"))) FiniteDifference.Random((int)p.Value.Length, rng, 0.3).CopyTo(p.Value.Span);
        var before = CausalLM.SequenceSums(batch, model.Forward(batch, training: false).LogProbs);
        model.MergeLora();
        Assert.Null(model.Lora);
        Assert.Empty(model.LoraParameters);
        var after = CausalLM.SequenceSums(batch, model.Forward(batch, training: false).LogProbs);
        for (int i = 0; i < before.Length; i++)
            Assert.True(Math.Abs(before[i] - after[i]) <= 1e-5 * Math.Abs(before[i]), $"seq {i}: {before[i]} vs {after[i]}");
        using var baseModel = c.LoadModel();
        var baseSums = CausalLM.SequenceSums(batch, baseModel.Forward(batch, training: false).LogProbs);
        Assert.True(baseSums.Zip(after).Max(p => Math.Abs(p.First - p.Second)) > 1e-3, "the adapter should have changed the model");
    }

    [Fact]
    public void CheckpointingAndInterleavedReferenceLeaveGradientsUnchanged()
    {
        using var c = new GoldenCase("mistral_f32");
        using var model = c.LoadModel();
        model.EnableLora(new LoraConfig { Rank = 4, Alpha = 8, Dropout = 0.2f, Seed = 3 });
        var rng = new Random(5);
        foreach (var p in model.LoraParameters.Where(p => p.Name.Contains("lora_B"))) FiniteDifference.Random((int)p.Value.Length, rng, 0.2).CopyTo(p.Value.Span);
        var batch = RandomPairs(6, model.VocabSize, true);
        var dl = Enumerable.Range(0, batch.ScoredCount).Select(i => (float)Math.Sin(i)).ToArray();

        Dictionary<string, float[]> Run(bool checkpointing, bool interleave)
        {
            // same dropout masks each run: the mask key depends on the seed and the number of training forwards
            using var m = c.LoadModel();
            m.EnableLora(new LoraConfig { Rank = 4, Alpha = 8, Dropout = 0.2f, Seed = 3 });
            foreach (var (dst, src) in m.LoraParameters.Zip(model.LoraParameters)) src.Value.Span.CopyTo(dst.Value.Span);
            m.ActivationCheckpointing = checkpointing;
            m.Forward(batch, training: true);
            if (interleave) m.Forward(RandomPairs(9, m.VocabSize, true), training: false, adaptersEnabled: false);
            m.Backward(dl);
            return m.TrainableParameters.ToDictionary(p => p.Name, p => p.Grad!.Span.ToArray());
        }
        var plain = Run(false, false);
        var ckpt = Run(true, false);
        var inter = Run(false, true);
        foreach (var (n, g) in plain)
        {
            Assert.Equal(g, ckpt[n]);
            Assert.Equal(g, inter[n]);
            Assert.Contains(g, x => x != 0);
        }
    }

    [Fact]
    public void DropoutIsSeededAndOnlyInTraining()
    {
        using var c = new GoldenCase("llama_f32");
        var batch = RandomPairs(8, 64, true);
        float[] TrainLogps(int seed, bool training, float dropout = 0.5f)
        {
            using var m = c.LoadModel();
            m.EnableLora(new LoraConfig { Rank = 4, Alpha = 8, Dropout = dropout, Seed = seed });
            var rng = new Random(1);
            foreach (var p in m.LoraParameters.Where(p => p.Name.Contains("lora_B"))) FiniteDifference.Random((int)p.Value.Length, rng, 0.3).CopyTo(p.Value.Span);
            return m.Forward(batch, training).LogProbs;
        }
        Assert.Equal(TrainLogps(1, true), TrainLogps(1, true));
        Assert.NotEqual(TrainLogps(1, true), TrainLogps(2, true));
        Assert.Equal(TrainLogps(1, false), TrainLogps(1, true, dropout: 0f));
        Assert.NotEqual(TrainLogps(1, true), TrainLogps(1, false));
    }

    [Fact]
    public void OutOfVocabularyTokenIsAClearError()
    {
        using var c = new GoldenCase("llama_f32");
        using var model = c.LoadModel();
        var b = new PackedBatchBuilder();
        b.AddPair([1, 2], [3], [64]);
        var e = Assert.Throws<InputException>(() => model.Forward(b.Build(), training: false));
        Assert.Contains("64", e.Message);
        Assert.Contains("vocabulary", e.Message);
    }
}
