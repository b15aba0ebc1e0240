using System.Diagnostics;
using SharpAlign.Data.Batching;
using SharpAlign.Data.Tokenizing;
using SharpAlign.Models;
using SharpAlign.Models.IO;
using SharpAlign.Tensors;
using SharpAlign.Training.Checkpoints;
using SharpAlign.Training.Config;
using SharpAlign.Training.Logging;
using SharpAlign.Training.Optimizers;
using SharpAlign.Training.Schedules;
using SharpAlign.Training.Steps;

namespace SharpAlign.Training;

/// <summary>
/// The training loop shared by the preference, SFT and unpaired trainers: micro-batches planned
/// by token budget and pair count, gradient accumulation with micro-batches weighted so a step's
/// loss is the mean over its whole optimizer batch, clipping by global norm, the optimizer and
/// schedule, logging (metrics.jsonl and trainer_state.json), evaluation, atomic checkpoints and
/// exact resume. A step whose loss or gradient is not finite is skipped (no update) and counted;
/// <see cref="MaxConsecutiveNonFinite"/> in a row stop the run without touching the last checkpoint.
/// Build one with <see cref="TrainerBuilder"/>.
/// </summary>
public sealed class Trainer : IDisposable
{
    /// <summary>Non-finite steps in a row that stop training.</summary>
    public const int MaxConsecutiveNonFinite = 3;

    private readonly TrainingConfig _c;
    private readonly CausalLM _policy;
    private readonly IMicroBatchLoss _loss;
    private readonly IMicroBatchLoss? _evalLoss;
    private readonly IOptimizer _optimizer;
    private readonly IReadOnlyList<Parameter> _trainable;
    private readonly TrainingData _data;
    private readonly EpochPlanner _planner;
    private readonly EpochPlanner? _evalPlanner;
    private readonly Action<CausalLM, int>? _afterStep;
    private readonly string _modelDir;
    private readonly string? _tokenizerDir;
    private readonly IDisposable[] _owned;
    private readonly bool _scorePrompts;
    private int[][]? _plan;
    private int _planEpoch = -1;

    /// <summary>Optimizer steps the run makes in all.</summary>
    public int TotalSteps { get; }

    /// <summary>Micro-batches per epoch.</summary>
    public int BatchesPerEpoch { get; }

    internal Trainer(TrainingConfig config, CausalLM policy, IMicroBatchLoss loss, IMicroBatchLoss? evalLoss, TrainingData data,
        string modelDir, string? tokenizerDir, Action<CausalLM, int>? afterStep, IDisposable[] owned, bool scorePrompts)
    {
        _scorePrompts = scorePrompts;
        _c = config;
        _policy = policy;
        _loss = loss;
        _evalLoss = evalLoss;
        _data = data;
        _modelDir = modelDir;
        _tokenizerDir = tokenizerDir;
        _afterStep = afterStep;
        _owned = owned;
        _trainable = policy.TrainableParameters;
        if (_trainable.Count == 0) throw new InputException("the model has no trainable parameters (use_peft with no matching lora_target_modules?)");
        _optimizer = OptimizerFactory.Create(config.Optim, _trainable, config.WeightDecay, config.AdamBeta1, config.AdamBeta2, config.AdamEpsilon);
        _planner = new EpochPlanner(data.Train.Select(e => BatchPacker.Cost(e, config.PrefixSharing)).ToList(), Batching(shuffle: true));
        if (data.Eval.Count > 0 && evalLoss is not null)
            _evalPlanner = new EpochPlanner(data.Eval.Select(e => BatchPacker.Cost(e, config.PrefixSharing)).ToList(), Batching(shuffle: false));
        BatchesPerEpoch = _planner.Plan(0).Length;
        int stepsPerEpoch = (BatchesPerEpoch + config.GradientAccumulationSteps - 1) / config.GradientAccumulationSteps;
        TotalSteps = config.MaxSteps > 0 ? config.MaxSteps : Math.Max(1, (int)Math.Ceiling(config.NumTrainEpochs * stepsPerEpoch));
    }

    private BatchingOptions Batching(bool shuffle) => new()
    {
        MaxTokens = _c.MaxTokensPerBatch > 0 ? _c.MaxTokensPerBatch : null,
        MaxExamples = _c.PerDeviceTrainBatchSize,
        PrefixSharing = _c.PrefixSharing,
        Shuffle = shuffle,
        Seed = (ulong)_c.Seed,
    };

    /// <summary>
    /// Runs (or resumes) training. Cancellation finishes the current optimizer step, saves a
    /// checkpoint and returns with <see cref="TrainingResult.Cancelled"/> set.
    /// </summary>
    public TrainingResult Train(CancellationToken cancel = default, IProgress<TrainingProgress>? progress = null)
    {
        var ckpts = new CheckpointDirectory(_c.OutputDir);
        var schedule = LearningRateSchedule.Create(_c.LrSchedulerType, _c.LearningRate, _c.WarmupSteps, _c.WarmupRatio, TotalSteps);
        var state = new TrainingState { Threads = ComputeThreads.Count };
        var trainerState = NewTrainerState();
        var aggregator = new MetricAggregator();
        string? resumeFrom = ResolveResume(ckpts);
        if (resumeFrom is not null)
        {
            (trainerState, state) = CheckpointFiles.Read(resumeFrom, _trainable, _optimizer.State);
            _optimizer.RestoreStepCount(state.OptimizerSteps);
            aggregator.Import(state.WindowMetrics);
            progress?.Report(new TrainingProgress(state.GlobalStep, TotalSteps, EpochValue(state), double.NaN, null, 0, TimeSpan.Zero, null,
                $"resumed from {resumeFrom} at step {state.GlobalStep}" + (state.Threads != ComputeThreads.Count ? $" (it ran with {state.Threads} threads, this run has {ComputeThreads.Count}: results will not be bit-identical)" : "")));
        }
        using var log = new MetricsLog(Path.Combine(_c.OutputDir, "metrics.jsonl"), resumeFrom is null ? null : state.GlobalStep);
        var clock = Stopwatch.StartNew();
        long tokensAtStart = state.TokensSeen;
        int stepsAtStart = state.GlobalStep;
        string? lastCheckpoint = resumeFrom;
        bool cancelled = false;
        _policy.ZeroGrad();

        while (state.GlobalStep < TotalSteps)
        {
            var micro = NextStepBatches(state);
            double total = micro.Sum(_loss.Size);
            double stepLoss = 0;
            bool finite = true;
            foreach (var mb in micro)
            {
                double w = _loss.Size(mb) / total;
                var outcome = _loss.Run(mb, w, backward: true);
                if (!outcome.Finite) { finite = false; break; }
                stepLoss += w * outcome.Loss;
                aggregator.Add(outcome.Metrics, mb.ExampleCount);
                state.TokensSeen += mb.RowTokens;
            }
            double gradNorm = finite ? GradientClipping.ClipByGlobalNorm(_trainable, _c.MaxGradNorm) : double.NaN;
            string? note = null;
            if (finite && double.IsFinite(gradNorm))
            {
                _optimizer.Step(schedule.RateAt(state.GlobalStep));
                state.OptimizerSteps = _optimizer.StepCount;
                state.ConsecutiveNonFinite = 0;
                state.WindowLoss += stepLoss;
                state.WindowGradNorm += gradNorm;
                state.WindowSteps++;
            }
            else
            {
                state.SkippedSteps++;
                state.ConsecutiveNonFinite++;
                note = $"step {state.GlobalStep + 1} skipped: non-finite {(finite ? "gradient" : "loss")} ({state.SkippedSteps} skipped so far)";
            }
            _policy.ZeroGrad();
            state.GlobalStep++;
            _afterStep?.Invoke(_policy, state.GlobalStep);
            if (state.ConsecutiveNonFinite >= MaxConsecutiveNonFinite)
                throw new TrainingDivergedException($"training stopped: {state.ConsecutiveNonFinite} steps in a row had a non-finite loss or gradient (last at step {state.GlobalStep}); " +
                    $"the last good checkpoint{(lastCheckpoint is null ? " (none yet)" : $" {lastCheckpoint}")} is untouched. Lower learning_rate or check the data.");

            bool last = state.GlobalStep == TotalSteps;
            if (state.GlobalStep % _c.LoggingSteps == 0 || last) WriteLog(state, trainerState, aggregator, schedule, log, clock, tokensAtStart);
            if (_evalPlanner is not null && ShouldEvaluate(state.GlobalStep, last)) Evaluate(state, trainerState, log);
            if (_c.SaveStrategy == "steps" && state.GlobalStep % _c.SaveSteps == 0 && !last)
            {
                lastCheckpoint = SaveCheckpoint(ckpts, state, trainerState, aggregator);
                note ??= $"checkpoint saved to {lastCheckpoint}";
            }
            double done = state.GlobalStep - stepsAtStart;
            var eta = TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / done * (TotalSteps - state.GlobalStep));
            double tokensPerSecond = (state.TokensSeen - tokensAtStart) / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
            progress?.Report(new TrainingProgress(state.GlobalStep, TotalSteps, EpochValue(state), stepLoss,
                LastValue(trainerState, "rewards/accuracies"), tokensPerSecond, clock.Elapsed, eta, note));
            if (cancel.IsCancellationRequested && !last)
            {
                cancelled = true;
                if (lastCheckpoint != ckpts.PathFor(state.GlobalStep)) lastCheckpoint = SaveCheckpoint(ckpts, state, trainerState, aggregator);
                progress?.Report(new TrainingProgress(state.GlobalStep, TotalSteps, EpochValue(state), stepLoss, null, tokensPerSecond, clock.Elapsed, null,
                    $"cancelled: checkpoint saved to {lastCheckpoint}"));
                break;
            }
        }

        string? modelPath = null;
        if (!cancelled)
        {
            trainerState.LogHistory.Add(new Dictionary<string, object?>
            {
                ["epoch"] = EpochValue(state), ["step"] = state.GlobalStep, ["train_runtime"] = clock.Elapsed.TotalSeconds,
                ["train_steps_per_second"] = (state.GlobalStep - stepsAtStart) / Math.Max(1e-9, clock.Elapsed.TotalSeconds),
                ["train_tokens_per_second"] = (state.TokensSeen - tokensAtStart) / Math.Max(1e-9, clock.Elapsed.TotalSeconds),
                ["skipped_steps"] = state.SkippedSteps,
            });
            modelPath = SaveFinal(trainerState, state);
        }
        return new TrainingResult(_c.OutputDir, modelPath, lastCheckpoint, state.GlobalStep, state.SkippedSteps, cancelled, clock.Elapsed.TotalSeconds);
    }

    private string? ResolveResume(CheckpointDirectory ckpts)
    {
        string? r = _c.ResumeFromCheckpoint;
        if (r is null || r is "false" or "False") return null;
        if (r is "latest" or "true" or "True")
            return ckpts.Latest() ?? throw new InputException($"resume_from_checkpoint: no checkpoint-* folder in {_c.OutputDir}");
        return Directory.Exists(r) ? r : throw new InputException($"resume_from_checkpoint: {r} does not exist");
    }

    private List<MicroBatch> NextStepBatches(TrainingState state)
    {
        if (state.Batch >= BatchesPerEpoch) { state.Epoch++; state.Batch = 0; }
        var plan = PlanOf(state.Epoch);
        int end = Math.Min(plan.Length, state.Batch + _c.GradientAccumulationSteps);
        var list = new List<MicroBatch>();
        for (int i = state.Batch; i < end; i++) list.Add(Pack(_data.Train, plan[i]));
        state.Batch = end;
        return list;
    }

    private int[][] PlanOf(int epoch)
    {
        if (_planEpoch != epoch) { _plan = _planner.Plan(epoch); _planEpoch = epoch; }
        return _plan!;
    }

    private MicroBatch Pack(IReadOnlyList<TokenizedExample> examples, int[] indices) =>
        new(BatchPacker.Pack(examples, indices, _c.PrefixSharing, _scorePrompts), indices.Sum(i => (long)examples[i].PlainTokenCount));

    private double EpochValue(TrainingState s) => s.Epoch + (double)Math.Min(s.Batch, BatchesPerEpoch) / BatchesPerEpoch;

    private bool ShouldEvaluate(int step, bool last) => _c.EvalStrategy switch
    {
        "steps" => step % (_c.EvalSteps ?? _c.LoggingSteps) == 0,
        "epoch" => last || step % Math.Max(1, (BatchesPerEpoch + _c.GradientAccumulationSteps - 1) / _c.GradientAccumulationSteps) == 0,
        _ => false,
    };

    private void WriteLog(TrainingState s, TrainerState ts, MetricAggregator agg, LearningRateSchedule schedule, MetricsLog log, Stopwatch clock, long tokensAtStart)
    {
        var entry = new Dictionary<string, object?>
        {
            ["loss"] = s.WindowSteps > 0 ? s.WindowLoss / s.WindowSteps : double.NaN,
            ["grad_norm"] = s.WindowSteps > 0 ? s.WindowGradNorm / s.WindowSteps : double.NaN,
            ["learning_rate"] = schedule.RateAt(Math.Max(0, s.GlobalStep - 1)),
        };
        foreach (var (k, v) in agg.Drain()) entry[k] = v;
        entry["tokens_per_second"] = (s.TokensSeen - tokensAtStart) / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
        entry["epoch"] = EpochValue(s);
        entry["step"] = s.GlobalStep;
        s.WindowLoss = 0; s.WindowGradNorm = 0; s.WindowSteps = 0;
        ts.LogHistory.Add(Finite(entry));
        log.Write(Finite(entry));
    }

    private void Evaluate(TrainingState s, TrainerState ts, MetricsLog log)
    {
        var agg = new MetricAggregator();
        double lossSum = 0, units = 0;
        foreach (var indices in _evalPlanner!.Plan(0))
        {
            var mb = Pack(_data.Eval, indices);
            var o = _evalLoss!.Run(mb, 0, backward: false);
            double size = _evalLoss.Size(mb);
            lossSum += o.Loss * size;
            units += size;
            agg.Add(o.Metrics, mb.ExampleCount);
        }
        var entry = new Dictionary<string, object?> { ["eval_loss"] = lossSum / Math.Max(1e-300, units) };
        foreach (var (k, v) in agg.Drain()) entry["eval_" + k] = v;
        entry["epoch"] = EpochValue(s);
        entry["step"] = s.GlobalStep;
        ts.LogHistory.Add(Finite(entry));
        log.Write(Finite(entry));
    }

    // JSON has no NaN: non-finite values are written as null.
    private static Dictionary<string, object?> Finite(Dictionary<string, object?> e) =>
        e.ToDictionary(kv => kv.Key, kv => kv.Value is double d && !double.IsFinite(d) ? null : kv.Value);

    private static double? LastValue(TrainerState ts, string key) =>
        ts.LogHistory.LastOrDefault(e => e.ContainsKey(key))?[key] as double?;

    private TrainerState NewTrainerState() => new()
    {
        MaxSteps = TotalSteps,
        NumTrainEpochs = _c.NumTrainEpochs,
        LoggingSteps = _c.LoggingSteps,
        EvalSteps = _c.EvalSteps,
        SaveSteps = _c.SaveSteps,
        TrainBatchSize = _c.PerDeviceTrainBatchSize,
    };

    private string SaveCheckpoint(CheckpointDirectory ckpts, TrainingState s, TrainerState ts, MetricAggregator agg)
    {
        s.WindowMetrics = agg.Export();
        ts.GlobalStep = s.GlobalStep;
        ts.Epoch = EpochValue(s);
        ts.NumInputTokensSeen = s.TokensSeen;
        return ckpts.Save(s.GlobalStep, dir => CheckpointFiles.Write(dir, _trainable, _optimizer.State, ts, s), _c.SaveTotalLimit);
    }

    private string SaveFinal(TrainerState ts, TrainingState s)
    {
        ts.GlobalStep = s.GlobalStep;
        ts.Epoch = EpochValue(s);
        ts.NumInputTokensSeen = s.TokensSeen;
        Directory.CreateDirectory(_c.OutputDir);
        if (_policy.Lora is not null) _policy.SaveAdapter(_c.OutputDir, _modelDir);
        else _policy.SaveFull(_c.OutputDir, SaveDtype(), _modelDir);
        if (_tokenizerDir is not null)
            foreach (var name in new[] { "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja" })
                if (File.Exists(Path.Combine(_tokenizerDir, name)) && Path.GetFullPath(_tokenizerDir) != Path.GetFullPath(_c.OutputDir))
                    File.Copy(Path.Combine(_tokenizerDir, name), Path.Combine(_c.OutputDir, name), overwrite: true);
        AtomicFile.WriteText(Path.Combine(_c.OutputDir, CheckpointFiles.TrainerStateFile), ts.ToJson());
        return _c.OutputDir;
    }

    private SafetensorsDtype SaveDtype() => _c.TorchDtype switch
    {
        "float32" => SafetensorsDtype.F32,
        "bfloat16" => SafetensorsDtype.BF16,
        "float16" => SafetensorsDtype.F16,
        _ => _policy.Config.TorchDtype switch { "bfloat16" => SafetensorsDtype.BF16, "float16" => SafetensorsDtype.F16, _ => SafetensorsDtype.F32 },
    };

    /// <inheritdoc />
    public void Dispose()
    {
        _optimizer.Dispose();
        foreach (var d in _owned) d.Dispose();
    }
}

/// <summary>Training stopped because the loss or gradients kept being non-finite.</summary>
public sealed class TrainingDivergedException(string message) : InputException(message);
