using System.Text.Json;
using SharpAlign.Training.Benchmarks;

namespace SharpAlign.Tests.Benchmarks;

public class DpoStepBenchmarkTests
{
    private static readonly string PeerPairsFile = Path.Combine(AppContext.BaseDirectory, "TestData", "Benchmarks", "peer_pairs_seed7.jsonl");

    [Fact]
    public void SyntheticPairsMatchThePeersGenerator()
    {
        // golden: the peer's synthetic_pairs(2, 8, 4, 300, seed 7), written by tests/generators/benchmarks_peer_pairs.py
        var expected = PeerPairs.ReadJsonl(PeerPairsFile);
        var actual = PeerPairs.Synthetic(2, 8, 4, 300, 7);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Prompt, actual[i].Prompt);
            Assert.Equal(expected[i].Chosen, actual[i].Chosen);
            Assert.Equal(expected[i].Rejected, actual[i].Rejected);
        }
        Assert.Equal(2 * 8 + 3 + 5, expected[0].RowTokens);
    }

    [Fact]
    public void BadJsonlNamesLineAndField()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sa-bench-{Guid.NewGuid():N}.jsonl");
        try
        {
            File.WriteAllText(path, "{\"prompt_ids\":[1,2],\"chosen_ids\":[3],\"rejected_ids\":[4]}\n{\"prompt_ids\":[1],\"chosen_ids\":\"x\",\"rejected_ids\":[4]}\n");
            var e = Assert.Throws<InputException>(() => PeerPairs.ReadJsonl(path));
            Assert.Contains(":2:", e.Message);
            Assert.Contains("chosen_ids", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(0)]
    public void FirstStepLossIsLn2AndTheStepLearns(int loraRank)
    {
        // LoRA: B = 0, so policy == reference at step 1; full fine-tuning: the reference is an identical copy.
        var result = DpoStepBenchmark.Run(new DpoStepOptions
        {
            Preset = "tiny",
            Pairs = PeerPairs.Synthetic(2, 12, 6, 256, 3),
            Steps = 2,
            Warmup = 1,
            LoraRank = loraRank,
            LearningRate = 1e-3,
            MeasureOpenBlas = false,
        });
        Assert.Equal(Math.Log(2), result.LossFirst, 1e-6);
        Assert.True(result.LossLast < result.LossFirst - 1e-4, $"loss did not fall: {result.LossFirst} -> {result.LossLast}");
        Assert.Equal(2, result.Steps.Count);
        Assert.True(result.GemmFlopsPerStep > 0);
        Assert.True(result.AttentionFlopsPerStep > 0);
        Assert.Equal(PeerPairs.Synthetic(2, 12, 6, 256, 3).Sum(p => (long)p.RowTokens), result.RowTokens);
    }

    [Fact]
    public void GradientCheckpointingGivesTheSameLosses()
    {
        DpoStepResult Run(bool checkpointing) => DpoStepBenchmark.Run(new DpoStepOptions
        {
            Preset = "tiny",
            Pairs = PeerPairs.Synthetic(2, 10, 5, 256, 5),
            Steps = 2,
            Warmup = 1,
            LearningRate = 1e-3,
            GradientCheckpointing = checkpointing,
            MeasureOpenBlas = false,
        });
        var plain = Run(false);
        var recomputed = Run(true);
        Assert.Equal(plain.LossLast, recomputed.LossLast, 1e-9);
        Assert.NotEqual(plain.LossFirst, plain.LossLast);
    }

    [Fact]
    public void MeteredGemmCountsTwoMnkPerProduct()
    {
        var meter = new MeteredGemm(new SharpAlign.Tensors.ReferenceGemm());
        var x = new float[3 * 5];
        var w = new float[4 * 5];
        var y = new float[3 * 4];
        meter.XWt(x, w, y, 3, 4, 5);
        meter.DyW(y, w, x, 3, 4, 5);
        meter.DytX(y, x, w, 3, 4, 5);
        Assert.Equal(3 * 2.0 * 3 * 4 * 5, meter.Flops);
        Assert.Equal(3, meter.Shapes.Count);
        meter.Reset();
        Assert.Equal(0, meter.Flops);
    }

    [Fact]
    public void CliPrintsOneJsonLineWithThePeersFields()
    {
        var (code, output, error) = CliRunner.Run("bench", "dpo-step", "--preset", "tiny", "--steps", "2", "--warmup", "1", "--lora", "4", "--prompt-len", "16", "--completion-len", "8");
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        using var doc = JsonDocument.Parse(lines[0]);
        var root = doc.RootElement;
        foreach (var field in new[] { "step_s_median", "step_s_min", "tokens_per_s", "peak_rss_mb", "ref_fwd_s", "policy_fwd_s", "loss_bwd_s", "clip_opt_s", "gflops", "gemm_gflops" })
            Assert.True(root.GetProperty(field).GetDouble() > 0, field);
        Assert.Equal(2, root.GetProperty("step_times_s").GetArrayLength());
        Assert.True(root.TryGetProperty("gemm_peak_share", out _));
        Assert.Equal(Math.Log(2), root.GetProperty("loss_first").GetDouble(), 1e-6);
        // tokens as the peer counts them (prompt + completion of both rows of each pair); the prompt is run once
        var pairs = PeerPairs.Synthetic(2, 16, 8, 256, 0);
        Assert.Equal(pairs.Sum(p => p.RowTokens), root.GetProperty("real_tokens_per_step").GetInt32());
        Assert.Equal(pairs.Sum(p => p.Prompt.Length + p.Chosen.Length + p.Rejected.Length), root.GetProperty("packed_tokens_per_step").GetInt32());
    }

    [Fact]
    public void CliReadsThePeersBatchFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sa-bench-{Guid.NewGuid():N}.jsonl");
        try
        {
            File.WriteAllText(path, "{\"prompt_ids\":[5,6,7],\"chosen_ids\":[8,9],\"rejected_ids\":[10]}\n");
            var (code, output, error) = CliRunner.Run("bench", "dpo-step", "--preset", "tiny", "--steps", "1", "--warmup", "0", "--pairs", "2", "--data", path);
            Assert.True(code == 0, error);
            using var doc = JsonDocument.Parse(output.Trim());
            // the one line is cycled to fill --pairs 2, as the peer does
            Assert.Equal(2 * (2 * 3 + 2 + 1), doc.RootElement.GetProperty("real_tokens_per_step").GetInt32());
            Assert.Equal("frozen-copy", doc.RootElement.GetProperty("reference").GetString());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void CliRejectsTokenIdsOutsideTheVocabulary()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sa-bench-{Guid.NewGuid():N}.jsonl");
        try
        {
            File.WriteAllText(path, "{\"prompt_ids\":[1,2],\"chosen_ids\":[3],\"rejected_ids\":[4000]}\n");
            var (code, _, error) = CliRunner.Run("bench", "dpo-step", "--preset", "tiny", "--steps", "1", "--data", path);
            Assert.Equal(2, code);
            Assert.Contains("rejected_ids", error);
            Assert.DoesNotContain("   at ", error);
        }
        finally { File.Delete(path); }
    }

}
