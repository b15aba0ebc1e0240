using System.Diagnostics;
using SharpAlign.Training;

namespace SharpAlign.Tests.Training;

/// <summary>
/// The <c>sharpalign train</c> process killed with SIGKILL — in the middle of a step, and in the middle
/// of writing a checkpoint — then resumed with <c>--resume_from_checkpoint latest</c>, ends with an
/// adapter byte-identical to an uninterrupted run.
/// </summary>
public sealed class KillResumeTests : IClassFixture<TrainingFixture>
{
    private readonly TrainingFixture _f;

    public KillResumeTests(TrainingFixture f) => _f = f;

    private string Yaml(string output) =>
        $"model_name_or_path: {_f.ModelDir}\ndataset_path: {_f.TokenizedPairs}\noutput_dir: {output}\nuse_peft: true\nlora_r: 4\n" +
        "learning_rate: 5e-3\nper_device_train_batch_size: 2\nmax_steps: 12\nsave_steps: 2\nlogging_steps: 1\nseed: 3\n";

    private string WriteConfig(string name)
    {
        string output = Path.Combine(_f.Root, name);
        string path = Path.Combine(_f.Root, name + ".yaml");
        File.WriteAllText(path, Yaml(output));
        return path;
    }

    private static Process Start(string config, string? fault = null, params string[] extra)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sharpalign.dll"));
        psi.ArgumentList.Add("train");
        psi.ArgumentList.Add(config);
        foreach (var e in extra) psi.ArgumentList.Add(e);
        if (fault is not null) psi.Environment["SHARPALIGN_FAULT"] = fault;
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private byte[] Uninterrupted()
    {
        string cfg = WriteConfig("kill-reference");
        using var p = Start(cfg);
        Assert.True(p.WaitForExit(180_000));
        Assert.Equal(0, p.ExitCode);
        return File.ReadAllBytes(Path.Combine(_f.Root, "kill-reference", "adapter_model.safetensors"));
    }

    [Fact]
    public void KilledMidStepThenResumedIsBitIdentical()
    {
        var expected = Uninterrupted();
        string cfg = WriteConfig("kill-step");
        string ckpt4 = Path.Combine(_f.Root, "kill-step", "checkpoint-4");
        using (var p = Start(cfg))
        {
            var sw = Stopwatch.StartNew();
            while (!Directory.Exists(ckpt4) && !p.HasExited && sw.Elapsed < TimeSpan.FromMinutes(3)) Thread.Sleep(5);
            Thread.Sleep(30);   // into the next step
            Assert.False(p.HasExited, "the run finished before it could be killed");
            p.Kill();           // SIGKILL
            p.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(_f.Root, "kill-step", "adapter_model.safetensors")));
        using (var p = Start(cfg, null, "--resume_from_checkpoint", "latest"))
        {
            Assert.True(p.WaitForExit(180_000));
            Assert.Equal(0, p.ExitCode);
        }
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(_f.Root, "kill-step", "adapter_model.safetensors")));
    }

    [Fact]
    public void KilledWhileWritingACheckpointKeepsThePreviousOneAndResumesExactly()
    {
        var expected = Uninterrupted();
        string cfg = WriteConfig("kill-save");
        string output = Path.Combine(_f.Root, "kill-save");
        using (var p = Start(cfg, "kill-in-checkpoint:6"))
        {
            Assert.True(p.WaitForExit(180_000));
            Assert.NotEqual(0, p.ExitCode);
        }
        Assert.True(Directory.Exists(Path.Combine(output, "checkpoint-4")));
        Assert.False(Directory.Exists(Path.Combine(output, "checkpoint-6")), "the torn checkpoint never became visible");
        Assert.NotEmpty(Directory.GetDirectories(output, ".tmp-checkpoint-*"));
        using (var p = Start(cfg, null, "--resume_from_checkpoint", "latest"))
        {
            Assert.True(p.WaitForExit(180_000));
            Assert.Equal(0, p.ExitCode);
        }
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(output, "adapter_model.safetensors")));
        Assert.Empty(Directory.GetDirectories(output, ".tmp-checkpoint-*"));
    }
}
