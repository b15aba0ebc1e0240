using System.Diagnostics;
using SharpAlign.Data;
using SharpAlign.Models;
using SharpAlign.Models.IO;
using SharpAlign.Objectives;
using SharpAlign.Tensors;
using SharpAlign.Training.Optimizers;
using SharpAlign.Training.Reference;
using SharpAlign.Training.Steps;

namespace SharpAlign.Training.Benchmarks;

/// <summary>
/// Times one DPO training step the way the PyTorch peer (shared/peer/dpo_step_torch.py) does: per
/// step the reference log-probs (the policy with adapters off under LoRA, else a frozen copy), the
/// policy forward, the sigmoid DPO loss and its backward, clipping at the global norm and AdamW.
/// Our step runs the pairs packed with prefix sharing (each prompt once), the chunked log-prob head and
/// the LoRA-aware backward; tokens are still counted as the peer counts them. GEMM calls go through a
/// <see cref="MeteredGemm"/> so the matrix work actually executed, and its rate, are reported.
/// </summary>
public static class DpoStepBenchmark
{
    /// <summary>Builds the model(s), runs warm-up + measured steps, and returns the measurements.</summary>
    public static DpoStepResult Run(DpoStepOptions options, Action<string>? log = null)
    {
        options.Validate();
        log ??= _ => { };
        var previous = Gemm.Backend;
        var meter = new MeteredGemm(previous);
        Gemm.Backend = meter;
        try
        {
            return RunMetered(options, meter, log);
        }
        finally
        {
            Gemm.Backend = previous;
        }
    }

    private static DpoStepResult RunMetered(DpoStepOptions options, MeteredGemm meter, Action<string> log)
    {
        using var policy = BuildModel(options);
        policy.ActivationCheckpointing = options.GradientCheckpointing;
        string model = options.ModelDir ?? $"random:{options.Preset}" + (options.Layers is { } l ? $" ({l} layers)" : "");
        CausalLM? copy = null;
        try
        {
            IReferenceModel reference;
            if (options.LoraRank > 0)
            {
                policy.EnableLora(new LoraConfig
                {
                    Rank = options.LoraRank,
                    Alpha = options.LoraAlpha ?? 2f * options.LoraRank,
                    Seed = options.Seed,
                });
                reference = new ModelReference(policy, adaptersEnabled: false);
            }
            else
            {
                policy.SetFullTraining(true);
                copy = BuildModel(options);
                reference = new ModelReference(copy, adaptersEnabled: false);
            }
            var batch = Pack(options.Pairs, policy.VocabSize, options.PrefixSharing);
            var mb = new MicroBatch(batch, options.Pairs.Sum(p => (long)p.RowTokens));
            using var step = new DpoStep(policy, reference, options);
            log($"model {model}: {policy.Config.NumLayers} layers, hidden {policy.Config.HiddenSize}, vocab {policy.VocabSize}; " +
                $"{batch.TokenCount} packed tokens ({mb.RowTokens} as rows), {batch.ScoredCount} scored; threads {ComputeThreads.Count}, GEMM {meter.Inner.Name}");

            double rssBefore = ProcessMemory.PeakRssMb();
            var times = new List<StepPhases>();
            double lossFirst = double.NaN, lossLast = double.NaN;
            for (int i = 0; i < options.Warmup + options.Steps; i++)
            {
                if (i == options.Warmup) meter.Reset();
                var (loss, phases) = step.Run(mb);
                if (i == 0) lossFirst = loss;
                lossLast = loss;
                if (i >= options.Warmup) times.Add(phases);
                log($"step {i + 1}{(i < options.Warmup ? " (warm-up)" : "")}: loss {loss:F6}, {phases.Total:F3} s");
            }
            double rssAfter = ProcessMemory.PeakRssMb();
            int n = options.Steps;
            var groups = meter.Shapes
                .GroupBy(s => GroupOf(s.N, s.K, policy.Config, options.LoraRank))
                .Select(g => new GemmGroup(g.Key, g.Sum(s => s.Seconds) / n, g.Sum(s => s.Flops) / n / 1e9))
                .OrderByDescending(g => g.Seconds).ToList();
            var (blas, shape) = options.MeasureOpenBlas ? OpenBlasRate(batch.TokenCount, policy.Config) : (null, null);
            return new DpoStepResult
            {
                Threads = ComputeThreads.Count,
                GemmBackend = meter.Inner.Name,
                Steps = times,
                LossFirst = lossFirst,
                LossLast = lossLast,
                RowTokens = mb.RowTokens,
                PackedTokens = batch.TokenCount,
                ScoredTokens = batch.ScoredCount,
                PeakRssBeforeStepsMb = rssBefore,
                PeakRssMb = rssAfter,
                GemmFlopsPerStep = meter.Flops / n,
                GemmSecondsPerStep = meter.Seconds / n,
                AttentionFlopsPerStep = AttentionFlops(batch, policy.Config),
                OpenBlasGflops = blas,
                OpenBlasShape = shape,
                GemmGroups = groups,
                TopShapes = meter.Shapes.OrderByDescending(s => s.Seconds).Take(12)
                    .Select(s => ($"{s.Op} {s.M}x{s.N}x{s.K}", s.Calls / (double)n, s.Seconds / n, s.Seconds > 0 ? s.Flops / s.Seconds / 1e9 : 0)).ToList(),
                ParamsTotal = policy.Parameters.Sum(p => p.Value.Length),
                ParamsTrainable = policy.TrainableParameters.Sum(p => p.Value.Length),
                Options = options,
                Model = model,
            };
        }
        finally
        {
            copy?.Dispose();
        }
    }

    /// <summary>The batch every step runs: each pair added with (or without) prefix sharing.</summary>
    public static PackedBatch Pack(IReadOnlyList<PairIds> pairs, int vocab, bool prefixSharing)
    {
        var builder = new PackedBatchBuilder();
        for (int i = 0; i < pairs.Count; i++)
        {
            var p = pairs[i];
            foreach (var (ids, field) in new[] { (p.Prompt, "prompt_ids"), (p.Chosen, "chosen_ids"), (p.Rejected, "rejected_ids") })
                foreach (int id in ids)
                    if ((uint)id >= (uint)vocab)
                        throw new InputException($"pair {i + 1}: {field} holds token id {id}, outside the model's vocabulary [0, {vocab})");
            builder.AddPair(p.Prompt, p.Chosen, p.Rejected, prefixSharing);
        }
        return builder.Build();
    }

    /// <summary>A model folder loaded as float32, or the preset's random weights built in memory (same values as <see cref="RandomCheckpoint.Write"/>).</summary>
    public static CausalLM BuildModel(DpoStepOptions options)
    {
        if (options.ModelDir is { } dir) return CausalLM.Load(dir);
        var config = RandomCheckpoint.CreateConfig("llama", options.Preset, new RandomModelSizes(NumLayers: options.Layers));
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var spec in CheckpointLayout.ExpectedTensors(config))
            {
                var t = new Tensor(spec.Shape);
                tensors[spec.Name] = t;
                RandomCheckpoint.Fill(config, spec.Name, options.Seed, t.Span);
            }
            return new CausalLM(config, tensors);
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Score and value FLOPs of attention for one step: per (query, visible key) pair and head, QKᵀ and PV
    /// take 2·d each in the forward (run twice: reference and policy) and four such products in the backward.
    /// </summary>
    public static double AttentionFlops(PackedBatch batch, ModelConfig c)
    {
        long pairs = 0;
        for (int q = 0; q < batch.TokenCount; q++)
            for (int k = 0; k <= q; k++)
                if (batch.CanAttend(q, k)) pairs++;
        double perLayerForward = pairs * (double)c.NumHeads * 4.0 * c.HeadDim;
        return c.NumLayers * perLayerForward * (2 + 2);
    }

    private static string GroupOf(int n, int k, ModelConfig c, int rank)
    {
        if (rank > 0 && (n == rank || k == rank)) return "lora";
        if (n == c.VocabSize || k == c.VocabSize) return "head";
        if (n == c.IntermediateSize || k == c.IntermediateSize) return "mlp";
        return "attn_proj";
    }

    /// <summary>OpenBLAS sgemm GFLOP/s on the MLP up-projection shape of this batch (median of 5 after a warm-up).</summary>
    private static (double?, string?) OpenBlasRate(int tokens, ModelConfig c)
    {
        var blas = OpenBlasGemm.TryCreate(ComputeThreads.Count);
        if (blas is null) return (null, null);
        int m = tokens, n = c.IntermediateSize, k = c.HiddenSize;
        var x = new float[(long)m * k];
        var w = new float[(long)n * k];
        var y = new float[(long)m * n];
        var rng = new Random(1);
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextDouble() - 0.5f;
        for (int i = 0; i < w.Length; i++) w[i] = (float)rng.NextDouble() - 0.5f;
        blas.XWt(x, w, y, m, n, k);
        var rates = new List<double>();
        for (int r = 0; r < 5; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            blas.XWt(x, w, y, m, n, k);
            double s = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            rates.Add(2.0 * m * n * k / s / 1e9);
        }
        return (DpoStepResult.Median(rates), $"XWt m={m} n={n} k={k}");
    }

    /// <summary>The step itself, phase by phase (what <see cref="PairedLoss"/> plus the trainer's update do for sigmoid DPO).</summary>
    private sealed class DpoStep : IDisposable
    {
        private readonly CausalLM _policy;
        private readonly IReferenceModel _reference;
        private readonly IPairedObjective _objective;
        private readonly IReadOnlyList<Parameter> _trainable;
        private readonly AdamW _optimizer;
        private readonly DpoStepOptions _options;

        public DpoStep(CausalLM policy, IReferenceModel reference, DpoStepOptions options)
        {
            _policy = policy;
            _reference = reference;
            _options = options;
            _objective = ObjectiveRegistry.CreatePaired("sigmoid", new Dictionary<string, object?> { ["beta"] = options.Beta });
            _trainable = policy.TrainableParameters;
            _optimizer = new AdamW(_trainable, 0.9, 0.999, 1e-8, 0.0);
        }

        public (double Loss, StepPhases Phases) Run(MicroBatch mb)
        {
            var b = mb.Batch;
            int pairs = b.ExampleCount;
            long t0 = Stopwatch.GetTimestamp();
            double[] refSums = _reference.SequenceLogps(mb);
            long t1 = Stopwatch.GetTimestamp();
            var fr = _policy.Forward(b, training: true, adaptersEnabled: true);
            long t2 = Stopwatch.GetTimestamp();
            var sums = SequenceStats.Sums(b, fr.LogProbs);
            int[] chosen = new int[pairs], rejected = new int[pairs];
            for (int s = 0; s < b.Sequences.Length; s++)
            {
                var q = b.Sequences[s];
                (q.Role == SequenceRole.Chosen ? chosen : rejected)[q.Example] = s;
            }
            var pb = new PreferenceBatch
            {
                PolicyChosen = chosen.Select(s => sums[s]).ToArray(),
                PolicyRejected = rejected.Select(s => sums[s]).ToArray(),
                ChosenTokens = chosen.Select(s => b.Sequences[s].TokenCount).ToArray(),
                RejectedTokens = rejected.Select(s => b.Sequences[s].TokenCount).ToArray(),
                ReferenceChosen = chosen.Select(s => refSums[s]).ToArray(),
                ReferenceRejected = rejected.Select(s => refSums[s]).ToArray(),
            };
            var result = _objective.Compute(pb);
            var dSeq = new double[b.Sequences.Length];
            for (int i = 0; i < pairs; i++)
            {
                dSeq[chosen[i]] = result.Gradient.PolicyChosen[i];
                dSeq[rejected[i]] = result.Gradient.PolicyRejected[i];
            }
            var dLogp = new float[b.ScoredCount];
            SequenceStats.Spread(b, dSeq, dLogp);
            _policy.Backward(dLogp);
            long t3 = Stopwatch.GetTimestamp();
            GradientClipping.ClipByGlobalNorm(_trainable, _options.MaxGradNorm);
            _optimizer.Step(_options.LearningRate);
            _policy.ZeroGrad();
            long t4 = Stopwatch.GetTimestamp();
            double S(long a, long z) => (z - a) / (double)Stopwatch.Frequency;
            return (result.Loss, new StepPhases(S(t0, t1), S(t1, t2), S(t2, t3), S(t3, t4)));
        }

        public void Dispose() => _optimizer.Dispose();
    }
}
