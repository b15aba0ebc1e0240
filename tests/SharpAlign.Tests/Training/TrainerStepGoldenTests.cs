using System.Text.Json;
using SharpAlign.Models.IO;
using SharpAlign.Training;
using SharpAlign.Training.Config;

namespace SharpAlign.Tests.Training;

/// <summary>
/// One SGD step of the whole trainer (data → packed batch → model → objective → backward → update)
/// against an independent PyTorch implementation (tests/generators/training_step_golden.py): with
/// lr = 1, max_grad_norm 0 and a constant schedule the update is −grad. Tolerance: 5e-4 of the
/// largest gradient entry plus 1e-6, per entry (float32 here, float64 there); the logged loss to 1e-4 relative.
/// </summary>
public sealed class TrainerStepGoldenTests : IDisposable
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "TestData", "Training", "step");
    private readonly string _out = Path.Combine(Path.GetTempPath(), "sa-step-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { if (Directory.Exists(_out)) Directory.Delete(_out, true); }

    [Theory]
    [InlineData("sigmoid", "")]
    [InlineData("ipo", "")]
    [InlineData("hinge", "")]
    [InlineData("dpo-gamma", "gamma: 0.5\n")]
    [InlineData("robust", "label_smoothing: 0.1\n")]
    [InlineData("kto_pair", "")]
    [InlineData("simpo", "simpo_gamma: 0.5\n")]
    [InlineData("cpo", "")]
    [InlineData("orpo", "")]
    public void FullFineTuningStepMatchesPyTorch(string loss, string extra)
    {
        string beta = loss == "simpo" ? "2.0" : "0.1";
        var output = Train($"loss_type: {loss}\nbeta: {beta}\nref_model_name_or_path: {Path.Combine(Dir, "reference")}\n" + extra);
        using var golden = SafetensorsFile.Open(Path.Combine(Dir, "golden.safetensors"));
        using var init = SafetensorsFile.Open(Path.Combine(Dir, "policy", "model.safetensors"));
        using var after = SafetensorsFile.Open(Path.Combine(output, "model.safetensors"));
        CheckUpdates(golden, $"grad.{loss}.", name => (init.ReadTensor(name).Span.ToArray(), after.ReadTensor(name).Span.ToArray()), init.Tensors.Keys);
        CheckLoss(golden, $"loss.{loss}", output);
    }

    [Fact]
    public void LoraStepMatchesPyTorch()
    {
        var output = Train($"use_peft: true\nadapter_name_or_path: {Path.Combine(Dir, "adapter")}\nloss_type: sigmoid\nbeta: 0.1\n");
        using var golden = SafetensorsFile.Open(Path.Combine(Dir, "golden.safetensors"));
        using var init = SafetensorsFile.Open(Path.Combine(Dir, "adapter", "adapter_model.safetensors"));
        using var after = SafetensorsFile.Open(Path.Combine(output, "adapter_model.safetensors"));
        CheckUpdates(golden, "grad.lora.", name => (init.ReadTensor(name).Span.ToArray(), after.ReadTensor(name).Span.ToArray()), init.Tensors.Keys);
        CheckLoss(golden, "loss.lora", output);
    }

    private string Train(string yaml)
    {
        string text = $"model_name_or_path: {Path.Combine(Dir, "policy")}\ndataset_path: {Path.Combine(Dir, "pairs.jsonl")}\noutput_dir: {_out}\n" +
            "optim: sgd\nlearning_rate: 1.0\nmax_grad_norm: 0\nlr_scheduler_type: constant\nmax_steps: 1\nper_device_train_batch_size: 4\nlogging_steps: 1\n" + yaml;
        using var t = TrainerBuilder.Build(ConfigReader.ReadText(text, "step.yaml").Config);
        t.Train();
        return _out;
    }

    private static void CheckUpdates(SafetensorsFile golden, string prefix, Func<string, (float[] Before, float[] After)> read, IEnumerable<string> names)
    {
        var grads = names.ToDictionary(n => n, n => golden.ReadTensor(prefix + n).Span.ToArray());
        double scale = grads.Values.SelectMany(g => g).Max(x => Math.Abs((double)x));
        Assert.True(scale > 0);
        foreach (var (name, g) in grads)
        {
            var (before, after) = read(name);
            for (int i = 0; i < g.Length; i++)
            {
                double ours = before[i] - after[i];
                Assert.True(Math.Abs(ours - g[i]) <= 5e-4 * scale + 1e-6, $"{prefix}{name}[{i}]: update {ours} vs torch grad {g[i]} (scale {scale})");
            }
        }
    }

    private static void CheckLoss(SafetensorsFile golden, string key, string output)
    {
        double expected = golden.ReadTensor(key).Span[0];
        using var line = JsonDocument.Parse(File.ReadLines(Path.Combine(output, "metrics.jsonl")).First());
        Assert.Equal(expected, line.RootElement.GetProperty("loss").GetDouble(), Math.Abs(expected) * 1e-4);
    }
}
