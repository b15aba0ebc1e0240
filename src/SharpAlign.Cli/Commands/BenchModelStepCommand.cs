using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SharpAlign.Data;
using SharpAlign.Models;

namespace SharpAlign.Cli.Commands;

/// <summary>
/// <c>sharpalign bench model-step</c>: times the model part of one DPO step on a packed,
/// prefix-shared batch — policy forward (training), reference forward (adapters off), sigmoid DPO
/// loss gradient (β 0.1), backward — and prints one JSON line in the shape
/// shared/peer/dpo_step_torch.py's <c>--compare-cmd</c> reads (step_s_median, tokens_per_s,
/// peak_rss_mb). The optimizer step is not included (the peer's clip_opt_s phase is reported apart).
/// </summary>
public sealed class BenchModelStepCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "bench";

    /// <inheritdoc />
    public Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (e.g. from init-model --preset smollm-135m).", Required = true };
        var data = new Option<string>("--data") { Description = "JSONL pairs (prompt_ids, chosen_ids, rejected_ids), e.g. the peer's --dump-batch.", Required = true };
        var lora = new Option<int>("--lora") { Description = "LoRA rank on all projections (0 = full-parameter training).", DefaultValueFactory = _ => 16 };
        var steps = new Option<int>("--steps") { Description = "Measured steps.", DefaultValueFactory = _ => 5 };
        var warmup = new Option<int>("--warmup") { Description = "Unmeasured steps first.", DefaultValueFactory = _ => 1 };
        var plain = new Option<bool>("--plain") { Description = "Use the plain [prompt+chosen], [prompt+rejected] layout instead of prefix sharing." };
        var checkpointing = new Option<bool>("--checkpointing") { Description = "Per-layer activation checkpointing." };
        var cmd = new Command("model-step", "Time forward+reference+backward of a DPO step; prints one JSON line.");
        foreach (var o in new Option[] { model, data, lora, steps, warmup, plain, checkpointing }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            try
            {
                Console.WriteLine(Run(pr.GetValue(model)!, pr.GetValue(data)!, pr.GetValue(lora), pr.GetValue(steps), pr.GetValue(warmup), !pr.GetValue(plain), pr.GetValue(checkpointing)));
                return 0;
            }
            catch (InputException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }

    private static string Run(string modelDir, string dataPath, int rank, int steps, int warmup, bool prefix, bool checkpointing)
    {
        var builder = new PackedBatchBuilder();
        int realTokens = 0, pairs = 0;
        foreach (var line in File.ReadLines(dataPath).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            using var doc = JsonDocument.Parse(line);
            int[] Ids(string f) => doc.RootElement.GetProperty(f).EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var (p, c, r) = (Ids("prompt_ids"), Ids("chosen_ids"), Ids("rejected_ids"));
            builder.AddPair(p, c, r, prefix);
            realTokens += 2 * p.Length + c.Length + r.Length;   // the rows TRL would run: prompt+chosen, prompt+rejected
            pairs++;
        }
        var batch = builder.Build();
        var setup = Stopwatch.StartNew();
        using var lm = CausalLM.Load(modelDir);
        if (rank > 0) lm.EnableLora(new LoraConfig { Rank = rank, Alpha = 2 * rank });
        else lm.SetFullTraining(true);
        lm.ActivationCheckpointing = checkpointing;
        double setupS = setup.Elapsed.TotalSeconds;
        long rssBefore = PeakRssKb();
        var times = new List<double>();
        var fwd = new List<double>();
        var refs = new List<double>();
        var bwd = new List<double>();
        float loss = 0;
        const float beta = 0.1f;
        for (int i = 0; i < warmup + steps; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var pol = CausalLM.SequenceSums(batch, lm.Forward(batch, training: true).LogProbs);
            var t1 = Stopwatch.GetTimestamp();
            float[] rf = rank > 0 ? CausalLM.SequenceSums(batch, lm.Forward(batch, training: false, adaptersEnabled: false).LogProbs) : (float[])pol.Clone();
            var t2 = Stopwatch.GetTimestamp();
            // sigmoid DPO: L = mean −log σ(β((πc − πr) − (ρc − ρr))); ∂L/∂πc = −β σ(−βz) / P = −∂L/∂πr
            var dSeq = new float[pol.Length];
            loss = 0;
            for (int s = 0; s < pol.Length; s += 2)
            {
                float z = beta * ((pol[s] - pol[s + 1]) - (rf[s] - rf[s + 1]));
                loss += (float)Math.Log(1 + Math.Exp(-z)) / pairs;
                float g = -beta * (float)(1 / (1 + Math.Exp(z))) / pairs;
                dSeq[s] = g;
                dSeq[s + 1] = -g;
            }
            lm.ZeroGrad();
            lm.Backward(CausalLM.SequenceGradToEntries(batch, dSeq));
            var t3 = Stopwatch.GetTimestamp();
            if (i < warmup) continue;
            times.Add(Stopwatch.GetElapsedTime(t0, t3).TotalSeconds);
            fwd.Add(Stopwatch.GetElapsedTime(t0, t1).TotalSeconds);
            refs.Add(Stopwatch.GetElapsedTime(t1, t2).TotalSeconds);
            bwd.Add(Stopwatch.GetElapsedTime(t2, t3).TotalSeconds);
        }
        double med = Median(times);
        string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
        return "{\"impl\":\"sharpalign\",\"step_s_median\":" + F(med) + ",\"step_s_min\":" + F(times.Min()) +
               ",\"tokens_per_s\":" + F(realTokens / med) + ",\"peak_rss_mb\":" + F(PeakRssKb() / 1024.0) +
               ",\"peak_rss_before_steps_mb\":" + F(rssBefore / 1024.0) +
               ",\"phase_median_s\":{\"policy_fwd_s\":" + F(Median(fwd)) + ",\"ref_fwd_s\":" + F(Median(refs)) + ",\"loss_bwd_s\":" + F(Median(bwd)) + "}" +
               ",\"step_times_s\":[" + string.Join(",", times.Select(F)) + "],\"loss_last\":" + F(loss) +
               ",\"packed_tokens_per_step\":" + batch.TokenCount + ",\"real_tokens_per_step\":" + realTokens + ",\"prefix_sharing\":" + (prefix ? "true" : "false") +
               ",\"lora_r\":" + rank + ",\"checkpointing\":" + (checkpointing ? "true" : "false") + ",\"threads\":" + Environment.ProcessorCount +
               ",\"gemm\":\"" + Tensors.Gemm.Backend.Name + "\",\"setup_s\":" + F(setupS) + "}";
    }

    private static double Median(List<double> v)
    {
        var s = v.OrderBy(x => x).ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static long PeakRssKb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return 0;
    }
}
