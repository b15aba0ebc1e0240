using SharpAlign.Data;
using SharpAlign.Demo;
using SharpAlign.Models;
using SharpAlign.Models.IO;

namespace SharpAlign.Tests.Demo;

public class DemoPiecesTests
{
    [Fact]
    public void SequenceLogProbsMatchALogSoftmaxOfTheFullLogits()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sa-demo-lp-" + Guid.NewGuid().ToString("N"));
        try
        {
            var config = RandomCheckpoint.CreateConfig("llama", "tiny", new RandomModelSizes(HiddenSize: 32, NumLayers: 2, NumHeads: 4, NumKvHeads: 2, IntermediateSize: 64, VocabSize: 50));
            RandomCheckpoint.Write(dir, config, seed: 3, SafetensorsDtype.F32);
            using var model = CausalLM.Load(dir);
            var rng = new Random(9);
            int[] Ids(int n) => Enumerable.Range(0, n).Select(_ => rng.Next(50)).ToArray();
            var samples = Enumerable.Range(0, 70).Select(i => new SampledCompletion("p", "c", Ids(1 + i % 4), Ids(1 + i % 7), 0, true)).ToList();
            var got = PolicyEvaluator.SequenceLogProbs(model, samples);  // 70 samples: two log-prob batches
            for (int i = 0; i < samples.Count; i += 13)
            {
                var b = new PackedBatchBuilder();
                var all = samples[i].PromptIds.Concat(samples[i].Ids).ToArray();
                b.AddCompletion([], all);
                var batch = b.Build();
                int v = 50, p = samples[i].PromptIds.Length;
                var rows = Enumerable.Range(p - 1, samples[i].Ids.Length).ToArray();
                var logits = model.Logits(batch, rows);
                double expected = 0;
                for (int r = 0; r < rows.Length; r++)
                {
                    var z = logits.AsSpan(r * v, v);
                    double max = double.NegativeInfinity;
                    foreach (float x in z) max = Math.Max(max, x);
                    double sum = 0;
                    foreach (float x in z) sum += Math.Exp(x - max);
                    expected += z[samples[i].Ids[r]] - max - Math.Log(sum);
                }
                Assert.True(Math.Abs(got[i] - expected) < 1e-3 * (1 + Math.Abs(expected)), $"sample {i}: {got[i]} vs {expected}");
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void StdErrorIsTheSampleStandardDeviationOverRootN()
    {
        Assert.Equal(Math.Sqrt(2.5 / 5), PolicyEvaluator.StdError([1, 2, 3, 4, 5]), 12);
        Assert.Equal(0, PolicyEvaluator.StdError([7]));
    }

    [Fact]
    public void StageKeysChangeWithAnyPartAndMarkersAreWrittenLast()
    {
        Assert.Equal(StageCache.Key("sft", 1, 0.5), StageCache.Key("sft", 1, 0.5));
        Assert.NotEqual(StageCache.Key("sft", 1, 0.5), StageCache.Key("sft", 1, 0.25));
        string dir = Path.Combine(Path.GetTempPath(), "sa-demo-stage-" + Guid.NewGuid().ToString("N"));
        try
        {
            StageCache.Reset(dir);
            Assert.False(StageCache.IsDone(dir, "k"));
            StageCache.Complete(dir, "k");
            Assert.True(StageCache.IsDone(dir, "k"));
            Assert.False(StageCache.IsDone(dir, "other"));
            StageCache.Reset(dir);
            Assert.False(StageCache.IsDone(dir, "k"));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void RunsAndSettingsAreParsedAsDocumented()
    {
        var defaults = DemoOptions.DefaultRuns(DemoOptions.DefaultLosses, null);
        Assert.Equal(DemoOptions.DefaultLosses.Count + DemoOptions.ExtraSigmoidBetas.Count, defaults.Count);
        Assert.Contains(new DemoRun("simpo", 2.0), defaults);
        Assert.Equal(["ipo-b0.2", "ipo-b0.4", "hinge-b0.2", "hinge-b0.4"], DemoOptions.DefaultRuns(["ipo", "hinge"], [0.2, 0.4]).Select(r => r.Name));

        var o = DemoOptions.Quick().WithSetting("sftsteps=7").WithSetting("PreferenceLearningRate=2.5e-4");
        Assert.Equal(7, o.SftSteps);
        Assert.Equal(2.5e-4, o.PreferenceLearningRate);
        Assert.Equal(DemoOptions.Quick().CorpusSize, o.CorpusSize);
        Assert.Contains("no numeric demo option 'Nope'", Assert.Throws<InputException>(() => o.WithSetting("Nope=1")).Message);
        Assert.Contains("not an integer", Assert.Throws<InputException>(() => o.WithSetting("SftSteps=1.5")).Message);
        Assert.Contains("SamplesPerPrompt", Assert.Throws<InputException>(() => (o with { SamplesPerPrompt = 1 }).Validate()).Message);
    }
}
