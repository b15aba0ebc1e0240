using System.Text.Json;
using SharpAlign.Models.IO;
using SharpAlign.Training;

namespace SharpAlign.Tests.Training;

public sealed class TrainerRobustnessTests : IClassFixture<TrainingFixture>
{
    private readonly TrainingFixture _f;

    public TrainerRobustnessTests(TrainingFixture f) => _f = f;

    /// <summary>A copy of the fixture's model whose embedding of token <paramref name="token"/> is NaN.</summary>
    private string PoisonedModel(int token)
    {
        string dir = Path.Combine(_f.Root, "poisoned-" + token);
        if (Directory.Exists(dir)) return dir;
        var loaded = CheckpointLoader.Load(_f.ModelDir);
        var embed = loaded.Tensors["model.embed_tokens.weight"];
        embed.Row(token).Fill(float.NaN);
        Directory.CreateDirectory(dir);
        ModelConfigWriter.WriteFolder(loaded.Config, dir);
        SafetensorsWriter.WriteFolder(dir, loaded.Tensors.Select(kv => SafetensorsEntry.From(kv.Key, kv.Value)).ToList(), SafetensorsDtype.F32);
        foreach (var t in loaded.Tensors.Values) t.Dispose();
        return dir;
    }

    private string DataWith(int token, bool everyRow)
    {
        string path = Path.Combine(_f.Root, $"nan-{token}-{everyRow}.jsonl");
        var rows = File.ReadAllLines(_f.TokenizedPairs).Select((line, i) =>
            everyRow || i % 4 == 0 ? line.Replace("\"chosen_input_ids\":[", $"\"chosen_input_ids\":[{token},") : line);
        File.WriteAllLines(path, rows);
        return path;
    }

    [Fact]
    public void NonFiniteStepsAreSkippedAndCounted()
    {
        var c = _f.Config("nan-some", $"dataset_path: {DataWith(1, everyRow: false)}\nuse_peft: true\nlearning_rate: 1e-3\nper_device_train_batch_size: 1\nmax_steps: 8\n",
            "--model_name_or_path", PoisonedModel(1));
        var r = _f.Train(c);
        Assert.Equal(8, r.GlobalStep);
        Assert.InRange(r.SkippedSteps, 1, 7);
        Assert.True(File.Exists(Path.Combine(c.OutputDir, "adapter_model.safetensors")));
    }

    [Fact]
    public void PersistentNonFiniteLossStopsWithAClearMessageAndKeepsTheCheckpoint()
    {
        var c = _f.Config("nan-all", $"dataset_path: {DataWith(1, everyRow: true)}\nuse_peft: true\nper_device_train_batch_size: 2\nmax_steps: 8\n",
            "--model_name_or_path", PoisonedModel(1));
        var e = Assert.Throws<TrainingDivergedException>(() => _f.Train(c));
        Assert.Contains("3 steps in a row had a non-finite loss", e.Message);
        Assert.False(File.Exists(Path.Combine(c.OutputDir, "adapter_model.safetensors")));
    }

    [Fact]
    public void PrecomputedReferenceLogProbsAreCachedAndReused()
    {
        string cache = Path.Combine(_f.Root, "refcache");
        Environment.SetEnvironmentVariable("SHARPALIGN_CACHE", cache);
        try
        {
            string yaml = $"dataset_path: {_f.TokenizedPairs}\nper_device_train_batch_size: 4\nmax_steps: 2\nlearning_rate: 1e-3\n";
            var live = _f.Config("ref-live", yaml);
            var first = _f.Config("ref-pre1", yaml + "precompute_ref_log_probs: true\n");
            var second = _f.Config("ref-pre2", yaml + "precompute_ref_log_probs: true\n");
            _f.Train(live);
            _f.Train(first);
            var files = Directory.GetFiles(Path.Combine(cache, "ref-logps"));
            Assert.Single(files);
            var stamp = File.GetLastWriteTimeUtc(files[0]);
            _f.Train(second);
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(files[0]));
            double[] Losses(string dir) => File.ReadAllLines(Path.Combine(dir, "metrics.jsonl"))
                .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("loss").GetDouble()).ToArray();
            var a = Losses(live.OutputDir);
            var b = Losses(first.OutputDir);
            var c = Losses(second.OutputDir);
            for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 5);
            Assert.Equal(b, c);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SHARPALIGN_CACHE", null);
        }
    }

    [Fact]
    public void EvaluationLogsEvalPrefixedMetrics()
    {
        var c = _f.Config("eval", $"dataset_path: {_f.TokenizedPairs}\neval_dataset_path: {_f.TokenizedPairs}\neval_strategy: steps\neval_steps: 2\nuse_peft: true\nper_device_train_batch_size: 4\nmax_steps: 4\n");
        _f.Train(c);
        var evals = File.ReadAllLines(Path.Combine(c.OutputDir, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("eval_loss", out _)).ToList();
        Assert.Equal(2, evals.Count);
        Assert.True(evals[0].TryGetProperty("eval_rewards/accuracies", out _));
        Assert.Equal(2, evals[0].GetProperty("step").GetInt32());
    }

    [Fact]
    public void MissingModelOrDataGiveClearErrors()
    {
        var e1 = Assert.Throws<InputException>(() => _f.Train(_f.Config("bad1", $"dataset_path: {_f.TokenizedPairs}\n", "--model_name_or_path", "/no/such/model")));
        Assert.Contains("/no/such/model is not a folder", e1.Message);
        var e2 = Assert.Throws<InputException>(() => _f.Train(_f.Config("bad2", "per_device_train_batch_size: 2\n")));
        Assert.Contains("dataset_path", e2.Message);
    }

    [Fact]
    public void TrDpoSyncWithAlphaOneMakesTheNextStepStartFromZeroMargins()
    {
        var c = _f.Config("trdpo", $"dataset_path: {_f.TokenizedPairs}\nsync_ref_model: true\nref_model_mixup_alpha: 1.0\nref_model_sync_steps: 1\nlearning_rate: 1e-2\nper_device_train_batch_size: 4\nmax_steps: 3\n");
        _f.Train(c);
        var lines = File.ReadAllLines(Path.Combine(c.OutputDir, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        // The reference is replaced by the policy after every step: each step starts with policy = reference.
        Assert.Equal(3, lines.Count);
        foreach (var l in lines)
        {
            Assert.Equal(Math.Log(2), l.GetProperty("loss").GetDouble(), 5);
            Assert.Equal(0.0, l.GetProperty("rewards/margins").GetDouble(), 6);
        }
    }
}
