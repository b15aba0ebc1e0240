using System.CommandLine;
using SharpAlign.Models.IO;
using SharpAlign.Tensors;
using SharpAlign.Training.Benchmarks;

namespace SharpAlign.Cli.Commands;

/// <summary>
/// <c>sharpalign bench dpo-step</c>: times one DPO training step as the PyTorch peer
/// (shared/peer/dpo_step_torch.py) does and prints one JSON line; usable as the peer's
/// <c>--compare-cmd</c> (<c>--data {batch} --threads {threads}</c>).
/// </summary>
public sealed class BenchDpoStepCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "bench";

    /// <inheritdoc />
    public Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Hugging Face model folder (config.json + safetensors); default: --preset with random weights." };
        var preset = new Option<string>("--preset") { Description = "Random-weight model: tiny, smollm-135m or tinyllama-1.1b.", DefaultValueFactory = _ => "smollm-135m" };
        var data = new Option<string?>("--data") { Description = "JSONL of pairs (prompt_ids, chosen_ids, rejected_ids), the peer's --dump-batch format; the first --pairs lines are used (cycled)." };
        var pairs = new Option<int>("--pairs") { Description = "Pairs per step.", DefaultValueFactory = _ => 2 };
        var promptLen = new Option<int>("--prompt-len") { Description = "Mean synthetic prompt length (±25%).", DefaultValueFactory = _ => 128 };
        var completionLen = new Option<int>("--completion-len") { Description = "Mean synthetic completion length (±25%).", DefaultValueFactory = _ => 128 };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic pairs and random weights.", DefaultValueFactory = _ => 0 };
        var steps = new Option<int>("--steps") { Description = "Measured steps.", DefaultValueFactory = _ => 5 };
        var warmup = new Option<int>("--warmup") { Description = "Unmeasured steps first.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Compute threads (sets SHARPALIGN_THREADS and OPENBLAS_NUM_THREADS); 0 = SHARPALIGN_THREADS or all cores.", DefaultValueFactory = _ => 0 };
        var lora = new Option<int>("--lora") { Description = "LoRA rank on all seven projections (reference = adapters off); 0 = full fine-tuning with a frozen copy.", DefaultValueFactory = _ => 0 };
        var loraAlpha = new Option<float?>("--lora-alpha") { Description = "LoRA alpha (default 2 x rank)." };
        var layers = new Option<int?>("--layers") { Description = "Override the preset's layer count (quick profiles; not the peer's model then)." };
        var noShare = new Option<bool>("--no-prefix-sharing") { Description = "Run [prompt+chosen] and [prompt+rejected] as separate rows (TRL's layout) instead of sharing the prompt." };
        var checkpointing = new Option<bool>("--gradient-checkpointing") { Description = "Recompute each layer's forward in the backward (less activation memory; the peer does not do this)." };
        var verbose = new Option<bool>("--verbose") { Description = "Progress on stderr." };
        var cmd = new Command("dpo-step", "Time one DPO training step (as the PyTorch peer does it) and print one JSON line.");
        foreach (var o in new Option[] { model, preset, data, pairs, promptLen, completionLen, seed, steps, warmup, threads, lora, loraAlpha, layers, noShare, checkpointing, verbose })
            cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            int t = pr.GetValue(threads);
            if (t < 0) throw new InputException($"--threads {t}: expected a positive thread count (or 0 for the default)");
            if (t > 0)
            {
                // Before anything reads ComputeThreads or loads OpenBLAS: both read these once per process.
                Environment.SetEnvironmentVariable(ComputeThreads.EnvironmentVariable, t.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Environment.SetEnvironmentVariable("OPENBLAS_NUM_THREADS", t.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (ComputeThreads.Count != t)
                    throw new InvalidOperationException($"compute threads were fixed at {ComputeThreads.Count} before --threads {t} was applied");
            }
            string? dir = pr.GetValue(model);
            string presetName = pr.GetValue(preset)!;
            if (dir is null && !RandomCheckpoint.Presets.Contains(presetName))
                throw new InputException($"--preset '{presetName}': expected one of {string.Join(", ", RandomCheckpoint.Presets)}");
            if (dir is not null && pr.GetValue(layers) is not null) throw new InputException("--layers applies to --preset models only");
            if (dir is not null && !Directory.Exists(dir)) throw new InputException($"--model {dir}: folder not found");
            int n = pr.GetValue(pairs);
            if (n < 1) throw new InputException($"--pairs {n}: expected at least 1");
            IReadOnlyList<PairIds> list;
            if (pr.GetValue(data) is { } file)
            {
                var all = PeerPairs.ReadJsonl(file);
                list = Enumerable.Range(0, n).Select(i => all[i % all.Count]).ToList();
            }
            else
            {
                int vocab = dir is null ? RandomCheckpoint.CreateConfig("llama", presetName).VocabSize : ModelConfigReader.ReadFolder(dir).VocabSize;
                list = PeerPairs.Synthetic(n, pr.GetValue(promptLen), pr.GetValue(completionLen), vocab, pr.GetValue(seed));
            }
            var options = new DpoStepOptions
            {
                ModelDir = dir,
                Preset = presetName,
                Seed = pr.GetValue(seed),
                Pairs = list,
                Steps = pr.GetValue(steps),
                Warmup = pr.GetValue(warmup),
                LoraRank = pr.GetValue(lora),
                LoraAlpha = pr.GetValue(loraAlpha),
                PrefixSharing = !pr.GetValue(noShare),
                Layers = pr.GetValue(layers),
                GradientCheckpointing = pr.GetValue(checkpointing),
            };
            bool v = pr.GetValue(verbose);
            var result = DpoStepBenchmark.Run(options, v ? s => Console.Error.WriteLine(s) : null);
            Console.WriteLine(result.ToJson());
            return 0;
        });
        return cmd;
    }
}
