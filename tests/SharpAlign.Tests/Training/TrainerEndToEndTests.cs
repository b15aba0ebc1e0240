using System.Text.Json;
using SharpAlign.Training;

namespace SharpAlign.Tests.Training;

public sealed class TrainerEndToEndTests : IClassFixture<TrainingFixture>
{
    private readonly TrainingFixture _f;

    public TrainerEndToEndTests(TrainingFixture f) => _f = f;

    private static List<JsonElement> MetricsLines(string outputDir) =>
        File.ReadAllLines(Path.Combine(outputDir, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public void DpoWithLoraWritesAnAdapterAndTrlMetrics()
    {
        var c = _f.Config("dpo-lora", $"dataset_path: {_f.TokenizedPairs}\nuse_peft: true\nlora_r: 4\nlora_alpha: 8\nlearning_rate: 5e-3\nper_device_train_batch_size: 4\nmax_steps: 6\nbeta: 0.1\n");
        var r = _f.Train(c);
        Assert.Equal(6, r.GlobalStep);
        Assert.True(File.Exists(Path.Combine(r.ModelPath!, "adapter_config.json")));
        Assert.True(File.Exists(Path.Combine(r.ModelPath!, "adapter_model.safetensors")));
        var lines = MetricsLines(c.OutputDir);
        Assert.Equal(6, lines.Count);
        // LoRA's B starts at zero: the policy equals the reference, every margin is 0 and the loss is ln 2.
        Assert.Equal(Math.Log(2), lines[0].GetProperty("loss").GetDouble(), 5);
        Assert.Equal(0.0, lines[0].GetProperty("rewards/margins").GetDouble(), 6);
        foreach (var key in new[] { "rewards/chosen", "rewards/rejected", "rewards/accuracies", "logps/chosen", "learning_rate", "grad_norm", "epoch", "tokens_per_second" })
            Assert.True(lines[^1].TryGetProperty(key, out _), key);
        Assert.True(lines[^1].GetProperty("loss").GetDouble() < Math.Log(2), "training lowers the DPO loss on its own data");
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(c.OutputDir, "trainer_state.json")));
        Assert.Equal(6, state.RootElement.GetProperty("global_step").GetInt32());
        Assert.Equal(7, state.RootElement.GetProperty("log_history").GetArrayLength());  // 6 log lines + the summary
    }

    [Fact]
    public void SftFullFineTuningOnTextLowersTheLossAndSavesAModelFolder()
    {
        var c = _f.Config("sft", $"trainer: sft\ndataset_path: {_f.TextPairs}\nlearning_rate: 3e-3\nper_device_train_batch_size: 8\nmax_steps: 8\n");
        var r = _f.Train(c);
        var lines = MetricsLines(c.OutputDir);
        Assert.True(lines[^1].GetProperty("loss").GetDouble() < lines[0].GetProperty("loss").GetDouble() - 0.1);
        Assert.True(File.Exists(Path.Combine(r.ModelPath!, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(r.ModelPath!, "config.json")));
        Assert.True(File.Exists(Path.Combine(r.ModelPath!, "tokenizer.json")));
    }

    [Fact]
    public void KtoTrainsOnUnpairedTextWithTheKlReferencePoint()
    {
        var c = _f.Config("kto", $"trainer: kto\ndataset_path: {_f.Unpaired}\nuse_peft: true\nlora_r: 4\nlearning_rate: 5e-3\nper_device_train_batch_size: 6\nmax_steps: 3\n");
        var r = _f.Train(c);
        Assert.Equal(3, r.GlobalStep);
        var first = MetricsLines(c.OutputDir)[0];
        Assert.True(first.TryGetProperty("kl", out _), "KTO logs its KL estimate");
    }

    [Fact]
    public void ResumeFromACheckpointIsBitIdentical()
    {
        string yaml = $"dataset_path: {_f.TokenizedPairs}\nuse_peft: true\nlora_r: 4\nlearning_rate: 5e-3\nper_device_train_batch_size: 2\ngradient_accumulation_steps: 2\nmax_steps: 6\nsave_steps: 2\nlogging_steps: 3\n";
        var full = _f.Config("resume-full", yaml);
        _f.Train(full);

        var part = _f.Config("resume-part", yaml);
        using (var cts = new CancellationTokenSource())
        {
            var r = _f.Train(part, cts.Token, new SyncProgress(p => { if (p.Step == 3) cts.Cancel(); }));
            Assert.True(r.Cancelled);
            Assert.Equal(3, r.GlobalStep);
        }
        var resumed = _f.Config("resume-part", yaml, "--resume_from_checkpoint", "latest");
        var rr = _f.Train(resumed);
        Assert.Equal(6, rr.GlobalStep);
        Assert.Equal(File.ReadAllBytes(Path.Combine(full.OutputDir, "adapter_model.safetensors")),
                     File.ReadAllBytes(Path.Combine(part.OutputDir, "adapter_model.safetensors")));
        Assert.Equal(File.ReadAllLines(Path.Combine(full.OutputDir, "metrics.jsonl")).Select(StripTiming),
                     File.ReadAllLines(Path.Combine(part.OutputDir, "metrics.jsonl")).Select(StripTiming));
    }

    private static string StripTiming(string line) => System.Text.RegularExpressions.Regex.Replace(line, "\"tokens_per_second\":[^,}]+", "");

    [Fact]
    public void OneBatchOfEightEqualsFourMicroBatchesOfTwo()
    {
        string common = $"dataset_path: {_f.TokenizedPairs}\noptim: sgd\nlearning_rate: 0.5\nmax_grad_norm: 0\nlr_scheduler_type: constant\nmax_steps: 1\nloss_type: ipo\n";
        var one = _f.Config("accum-1", common + "per_device_train_batch_size: 16\ngradient_accumulation_steps: 1\n");
        var four = _f.Config("accum-4", common + "per_device_train_batch_size: 4\ngradient_accumulation_steps: 4\n");
        _f.Train(one);
        _f.Train(four);
        using var a = SharpAlign.Models.IO.SafetensorsFile.Open(Path.Combine(one.OutputDir, "model.safetensors"));
        using var b = SharpAlign.Models.IO.SafetensorsFile.Open(Path.Combine(four.OutputDir, "model.safetensors"));
        using var init = SharpAlign.Models.IO.SafetensorsFile.Open(Path.Combine(_f.ModelDir, "model.safetensors"));
        double maxDiff = 0, maxMove = 0;
        foreach (var name in a.Tensors.Keys)
        {
            var x = a.ReadTensor(name).Span.ToArray();
            var y = b.ReadTensor(name).Span.ToArray();
            var z = init.ReadTensor(name).Span.ToArray();
            for (int i = 0; i < x.Length; i++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(x[i] - y[i]));
                maxMove = Math.Max(maxMove, Math.Abs(x[i] - z[i]));
            }
        }
        Assert.True(maxMove > 1e-4, $"the step moved the weights (max {maxMove})");
        Assert.True(maxDiff <= 1e-6 + 1e-4 * maxMove, $"accumulated and single-batch updates differ by {maxDiff} (update size {maxMove})");
    }

    private sealed class SyncProgress(Action<TrainingProgress> a) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => a(value);
    }
}
