using System.CommandLine;
using System.Diagnostics;
using SharpAlign.Models.IO;

namespace SharpAlign.Cli.Commands;

/// <summary><c>sharpalign init-model</c>: writes a random Hugging Face–format model folder.</summary>
public sealed class InitModelCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var arch = new Option<string>("--arch") { Description = "Architecture: llama, qwen2, mistral or gemma2.", DefaultValueFactory = _ => "llama" };
        var preset = new Option<string>("--preset") { Description = $"Size preset: {string.Join(", ", RandomCheckpoint.Presets)}.", DefaultValueFactory = _ => "tiny" };
        var hidden = new Option<int?>("--hidden") { Description = "hidden_size (overrides the preset)." };
        var layers = new Option<int?>("--layers") { Description = "num_hidden_layers." };
        var heads = new Option<int?>("--heads") { Description = "num_attention_heads." };
        var kvHeads = new Option<int?>("--kv-heads") { Description = "num_key_value_heads." };
        var intermediate = new Option<int?>("--intermediate") { Description = "intermediate_size." };
        var vocab = new Option<int?>("--vocab") { Description = "vocab_size." };
        var headDim = new Option<int?>("--head-dim") { Description = "head_dim (default hidden / heads)." };
        var tie = new Option<bool?>("--tie") { Description = "tie_word_embeddings (default: the preset's / family's)." };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 0 };
        var dtype = new Option<string>("--dtype") { Description = "Storage dtype: f32, bf16 or f16.", DefaultValueFactory = _ => "f32" };
        var shardMb = new Option<long?>("--max-shard-mb") { Description = "Split the weights into shards of at most this many MB (default 5000)." };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };

        var cmd = new Command("init-model", "Write a random Hugging Face–format model folder (config.json + model.safetensors).");
        foreach (var o in new Option[] { arch, preset, hidden, layers, heads, kvHeads, intermediate, vocab, headDim, tie, seed, dtype, shardMb, output })
            cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            try { return Run(pr); }
            catch (InputException e)
            {
                // System.CommandLine's default handler would print a stack trace; report like Program.Main does.
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return cmd;

        int Run(ParseResult pr)
        {
            var storage = SafetensorsDtypes.ParseStorage(pr.GetValue(dtype)!);
            var sizes = new RandomModelSizes(pr.GetValue(hidden), pr.GetValue(layers), pr.GetValue(heads), pr.GetValue(kvHeads),
                pr.GetValue(intermediate), pr.GetValue(vocab), pr.GetValue(headDim), pr.GetValue(tie));
            var config = RandomCheckpoint.CreateConfig(pr.GetValue(arch)!, pr.GetValue(preset)!, sizes, storage);
            long maxShard = pr.GetValue(shardMb) is { } mb && mb > 0 ? mb * 1_000_000 : SafetensorsWriter.DefaultMaxShardBytes;
            string dir = pr.GetValue(output)!;
            var clock = Stopwatch.StartNew();
            RandomCheckpoint.Write(dir, config, pr.GetValue(seed), storage, maxShard);
            long parameters = CheckpointLayout.ExpectedTensors(config).Sum(t => t.Shape.Aggregate(1L, (n, d) => n * d));
            Console.WriteLine($"{{\"out\":\"{dir.Replace("\\", "\\\\").Replace("\"", "\\\"")}\",\"model_type\":\"{config.ModelType}\",\"parameters\":{parameters}," +
                $"\"dtype\":\"{storage.TorchName()}\",\"seconds\":{clock.Elapsed.TotalSeconds:F2}}}");
            return 0;
        }
    }
}
