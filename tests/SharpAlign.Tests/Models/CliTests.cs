using System.Text.Json;
using SharpAlign.Cli;
using SharpAlign.Models;
using SharpAlign.Models.Generation;

namespace SharpAlign.Tests.Models;

/// <summary>The logps, generate and merge commands, run in-process.</summary>
public class CliTests : IDisposable
{
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), "sharpalign-cli-" + Guid.NewGuid().ToString("N"));

    public CliTests() => Directory.CreateDirectory(_tmp);

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    private static int Run(params string[] args) => Program.BuildRoot().Parse(args).Invoke();

    private string WritePairs(GoldenCase c)
    {
        string path = Path.Combine(_tmp, "pairs.jsonl");
        File.WriteAllLines(path, c.Pairs.Select(p => JsonSerializer.Serialize(new { prompt_ids = p.Prompt, chosen_ids = p.Chosen, rejected_ids = p.Rejected })));
        return path;
    }

    private static List<JsonElement> ReadJsonl(string path) =>
        File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Theory]
    [InlineData("gemma2_bf16")]
    [InlineData("llama_lora")]
    public void LogpsMatchesGolden(string name)
    {
        using var c = new GoldenCase(name);
        string outPath = Path.Combine(_tmp, "out.jsonl");
        var args = new List<string> { "logps", "--model", c.Dir, "--pairs", WritePairs(c), "--out", outPath };
        if (name.EndsWith("lora")) args.AddRange(["--adapter", c.Dir]);
        Assert.Equal(0, Run(args.ToArray()));
        var rows = ReadJsonl(outPath);
        var golden = c.Read("logps");
        Assert.Equal(c.Pairs.Length, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(["chosen_logp", "rejected_logp", "chosen_tokens", "rejected_tokens"], rows[i].EnumerateObject().Select(p => p.Name));
            Assert.Equal(golden[2 * i], rows[i].GetProperty("chosen_logp").GetSingle(), 1e-4 * Math.Abs(golden[2 * i]));
            Assert.Equal(golden[2 * i + 1], rows[i].GetProperty("rejected_logp").GetSingle(), 1e-4 * Math.Abs(golden[2 * i + 1]));
            Assert.Equal(c.Pairs[i].Chosen.Length, rows[i].GetProperty("chosen_tokens").GetInt32());
            Assert.Equal(c.Pairs[i].Rejected.Length, rows[i].GetProperty("rejected_tokens").GetInt32());
        }
    }

    [Fact]
    public void LogpsRejectsBadLinesWithTheirNumber()
    {
        using var c = new GoldenCase("llama_f32");
        string pairs = Path.Combine(_tmp, "bad.jsonl");
        string outPath = Path.Combine(_tmp, "o.jsonl");
        File.WriteAllLines(pairs, ["{\"prompt_ids\":[1,2],\"chosen_ids\":[3],\"rejected_ids\":[4]}", "{\"prompt_ids\":[1],\"chosen_ids\":[3.5],\"rejected_ids\":[4]}"]);
        Assert.Equal(2, Run("logps", "--model", c.Dir, "--pairs", pairs, "--out", outPath));
        File.WriteAllLines(pairs, ["{\"prompt_ids\":[1,2],\"chosen_ids\":[3],\"rejected_ids\":[400]}"]);
        Assert.Equal(2, Run("logps", "--model", c.Dir, "--pairs", pairs, "--out", outPath));
        File.WriteAllLines(pairs, ["{\"prompt_ids\":[],\"chosen_ids\":[3],\"rejected_ids\":[4]}"]);
        Assert.Equal(2, Run("logps", "--model", c.Dir, "--pairs", pairs, "--out", outPath));
        Assert.False(File.Exists(outPath));
    }

    [Fact]
    public void MergeWritesAModelThatScoresLikeBasePlusAdapter()
    {
        using var c = new GoldenCase("llama_lora");
        string merged = Path.Combine(_tmp, "merged");
        Assert.Equal(0, Run("merge", "--model", c.Dir, "--adapter", c.Dir, "--out", merged, "--dtype", "f32"));
        Assert.True(File.Exists(Path.Combine(merged, "config.json")));
        Assert.False(File.Exists(Path.Combine(merged, "adapter_config.json")));
        using var m = CausalLM.Load(merged);
        var seq = CausalLM.SequenceSums(c.Batch(true), m.Forward(c.Batch(true), training: false).LogProbs);
        var golden = c.Read("logps");
        for (int i = 0; i < golden.Length; i++) Assert.Equal(golden[i], seq[i], 1e-4 * Math.Abs(golden[i]));
    }

    [Fact]
    public void GeneratePrintsTheGeneratorsTokens()
    {
        using var c = new GoldenCase("qwen2_f32");
        var (rc, output, _) = CliRunner.Run("generate", "--model", c.Dir, "--prompt-ids", "4,8,15", "--prompt-ids", "16,23", "--max-new-tokens", "5", "--temperature", "0.8", "--seed", "3", "--eos-ids", "none");
        Assert.Equal(0, rc);
        using var lm = c.LoadModel();
        var expected = Generator.Generate(lm, [[4, 8, 15], [16, 23]], new SamplingOptions { MaxNewTokens = 5, Temperature = 0.8f, Seed = 3 });
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("{\"prompt_ids\"")).ToList();
        Assert.Equal(2, lines.Count);
        for (int i = 0; i < 2; i++)
        {
            var got = JsonDocument.Parse(lines[i]).RootElement.GetProperty("new_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(expected[i], got);
        }
    }
}
