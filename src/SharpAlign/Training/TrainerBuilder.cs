using SharpAlign.Data.Tokenizing;
using SharpAlign.Models;
using SharpAlign.Objectives;
using SharpAlign.Tokenization;
using SharpAlign.Training.Config;
using SharpAlign.Training.Reference;
using SharpAlign.Training.Steps;

namespace SharpAlign.Training;

/// <summary>
/// Builds a <see cref="Trainer"/> from a <see cref="TrainingConfig"/>: tokenizer and chat template,
/// data, the policy (full fine-tuning, or LoRA with <c>use_peft</c>), the reference — a separate
/// frozen model (<c>ref_model_name_or_path</c>, or a second copy of the base for full fine-tuning),
/// the policy with adapters off under LoRA, none for reference-free objectives, zeros for
/// <c>reference_free: true</c>, or a disk cache with <c>precompute_ref_log_probs</c> — and the objective.
/// </summary>
public static class TrainerBuilder
{
    /// <summary>Builds the trainer; <paramref name="log"/> receives one line per setup stage and warning.</summary>
    public static Trainer Build(TrainingConfig c, Action<string>? log = null)
    {
        log ??= _ => { };
        string modelDir = c.ModelNameOrPath ?? throw new InputException("the config names no model: set `model_name_or_path` to a local Hugging Face model folder");
        if (!Directory.Exists(modelDir)) throw new InputException($"model_name_or_path: {modelDir} is not a folder");
        if (c.Trainer == TrainerKind.Kto && c.LossType is ["sigmoid"]) c.LossType = ["kto"];
        if (c.Trainer == TrainerKind.Sft && c.PrecomputeRefLogProbs) log("precompute_ref_log_probs is ignored: SFT has no reference");

        string? tokDir = c.TokenizerNameOrPath ?? (File.Exists(Path.Combine(modelDir, "tokenizer.json")) ? modelDir : null);
        var tokenizer = tokDir is null ? null : HuggingFaceTokenizer.FromDirectory(tokDir);
        var renderer = tokDir is null ? null : ChatTemplateRenderer.TryLoad(tokDir);
        var tokOptions = new TokenizationOptions
        {
            MaxLength = c.MaxLength,
            MaxPromptLength = c.MaxPromptLength,
            MaxCompletionLength = c.MaxCompletionLength,
            TruncationMode = c.TruncationMode == "keep_end" ? TruncationMode.KeepEnd : TruncationMode.KeepStart,
        };
        var data = TrainingData.Load(c, new PreferenceTokenizer(tokenizer, renderer, tokOptions));
        foreach (var line in data.Summary) log(line);

        var owned = new List<IDisposable>();
        var policy = CausalLM.Load(modelDir);
        owned.Add(policy);
        policy.ActivationCheckpointing = c.GradientCheckpointing;
        if (c.AdapterNameOrPath is { } adapter)
        {
            if (!c.UsePeft) throw new InputException("adapter_name_or_path needs use_peft: true (an adapter is what LoRA training updates)");
            policy.LoadAdapter(adapter, trainable: true);
        }
        else if (c.UsePeft)
            policy.EnableLora(new LoraConfig
            {
                Rank = c.LoraR,
                Alpha = (float)c.LoraAlpha,
                Dropout = c.DisableDropout ? 0 : (float)c.LoraDropout,
                TargetModules = c.LoraTargetModules is ["all-linear"] ? LoraConfig.AllProjections : c.LoraTargetModules,
                UseRsLora = c.UseRslora,
                Seed = c.Seed,
            });
        else policy.SetFullTraining(true);
        log($"model {modelDir}: {policy.Config.ModelType}, {policy.Config.NumLayers} layers, hidden {policy.Config.HiddenSize}, vocab {policy.Config.VocabSize}; " +
            $"{policy.TrainableParameters.Sum(p => p.Value.Length):N0} trainable parameters ({(policy.Lora is { } l ? $"LoRA r={l.Rank}" : "full fine-tuning")})");

        IMicroBatchLoss loss, evalLoss;
        Action<CausalLM, int>? afterStep = null;
        bool scorePrompts = false;
        if (c.Trainer == TrainerKind.Sft)
        {
            loss = evalLoss = new SftLoss(policy);
        }
        else
        {
            var (objective, entropy, warnings) = ObjectiveBinding.Create(c, policy.Config.VocabSize);
            foreach (var w in warnings) log("warning: " + w);
            var live = LiveReference(c, policy, objective.Info.NeedsReference, modelDir, owned, log);
            var train = live;
            if (c.PrecomputeRefLogProbs && live is ModelReference)
                train = Precompute(c, data, live, modelDir, tokDir, log);
            if (c.SyncRefModel)
                afterStep = SyncReference(c, live, log);
            if (objective is IPairedObjective paired)
            {
                scorePrompts = objective.Info.Name == "orpo";
                bool ld = c.LossOptions.ContainsKey("ld_alpha");
                loss = new PairedLoss(policy, train, paired, entropy, ld);
                evalLoss = new PairedLoss(policy, live, paired, entropy, ld);
            }
            else
            {
                var unpaired = (IUnpairedObjective)objective;
                bool kl = objective.Info.Name == "kto";
                loss = new UnpairedLoss(policy, train, kl ? live : null, unpaired);
                evalLoss = new UnpairedLoss(policy, live, kl ? live : null, unpaired);
            }
        }
        return new Trainer(c, policy, loss, evalLoss, data, modelDir, tokDir, afterStep, [.. owned], scorePrompts);
    }

    private static IReferenceModel? LiveReference(TrainingConfig c, CausalLM policy, bool needsReference, string modelDir, List<IDisposable> owned, Action<string> log)
    {
        if (c.ReferenceFree) { log("reference: none (reference_free: reference log-probs are 0)"); return new ZeroReference(); }
        if (!needsReference) { log("reference: none (the objective is reference-free)"); return null; }
        if (c.RefModelNameOrPath is { } refDir)
        {
            var r = CausalLM.Load(refDir);
            owned.Add(r);
            log($"reference: frozen model {refDir}");
            return new ModelReference(r, adaptersEnabled: false);
        }
        if (policy.Lora is not null)
        {
            if (c.SyncRefModel) throw new InputException("sync_ref_model cannot be used with use_peft: the reference is the base model itself (adapters off)");
            log("reference: the policy with its LoRA adapters off (no second copy of the weights)");
            return new ModelReference(policy, adaptersEnabled: false);
        }
        var copy = CausalLM.Load(modelDir);
        owned.Add(copy);
        log($"reference: a frozen copy of {modelDir}");
        return new ModelReference(copy, adaptersEnabled: false);
    }

    private static IReferenceModel Precompute(TrainingConfig c, TrainingData data, IReferenceModel live, string modelDir, string? tokDir, Action<string> log)
    {
        if (c.SyncRefModel) throw new InputException("precompute_ref_log_probs cannot be combined with sync_ref_model (the reference changes during training)");
        string key = ReferenceCache.Key(c.RefModelNameOrPath ?? modelDir, data.Paths, tokDir,
            $"{c.MaxLength}|{c.MaxPromptLength}|{c.MaxCompletionLength}|{c.TruncationMode}|{c.PrefixSharing}|{c.Trainer}|{data.Train.Count}");
        var batches = Enumerable.Range(0, (data.Train.Count + 7) / 8).Select(b =>
        {
            var idx = Enumerable.Range(b * 8, Math.Min(8, data.Train.Count - b * 8)).ToArray();
            return new MicroBatch(Data.Batching.BatchPacker.Pack(data.Train, idx, c.PrefixSharing), 0);
        });
        var cache = ReferenceCache.OpenOrCompute(ReferenceCache.DefaultDirectory(), key, live, batches);
        log(cache.Reused ? $"reference log-probs: reused {cache.Path}" : $"reference log-probs: computed for {data.Train.Count} examples, cached in {cache.Path}");
        return cache;
    }

    private static Action<CausalLM, int> SyncReference(TrainingConfig c, IReferenceModel? live, Action<string> log)
    {
        if (live is not ModelReference { Model: var reference } || reference.Lora is not null)
            throw new InputException("sync_ref_model needs a separate reference model (full fine-tuning, not reference-free)");
        log($"reference sync (TR-DPO): every {c.RefModelSyncSteps} steps, ref ← {c.RefModelMixupAlpha}·policy + {1 - c.RefModelMixupAlpha}·ref");
        float a = (float)c.RefModelMixupAlpha;
        return (policy, step) =>
        {
            if (step % c.RefModelSyncSteps != 0) return;
            var refParams = reference.Parameters.ToDictionary(p => p.Name);
            foreach (var p in policy.Parameters)
            {
                var dst = refParams[p.Name].Value.Span;
                var src = p.Value.Span;
                for (int i = 0; i < dst.Length; i++) dst[i] = a * src[i] + (1 - a) * dst[i];
            }
        };
    }
}
