namespace SharpAlign.Training.Config;

/// <summary>Which trainer runs: preference pairs, supervised fine-tuning, or unpaired (KTO).</summary>
public enum TrainerKind
{
    /// <summary>Paired preference training (DPO and its family; CPO, SimPO, ORPO, …).</summary>
    Dpo,
    /// <summary>Supervised fine-tuning on prompt + completion (or plain text).</summary>
    Sft,
    /// <summary>Unpaired preference training (KTO, apo_zero_unpaired, aot_unpaired).</summary>
    Kto,
}

/// <summary>
/// A training run as plain data, with the field names of transformers' <c>TrainingArguments</c>,
/// TRL's trainer configs and the alignment-handbook (shown as the YAML key in each doc comment).
/// Defaults follow TRL's DPOConfig where it overrides transformers. Built by <see cref="ConfigReader"/>.
/// </summary>
public sealed class TrainingConfig
{
    /// <summary><c>trainer</c>: dpo (default), sft or kto.</summary>
    public TrainerKind Trainer { get; set; } = TrainerKind.Dpo;

    // ---- model ----
    /// <summary><c>model_name_or_path</c>: a local Hugging Face model folder.</summary>
    public string? ModelNameOrPath { get; set; }
    /// <summary><c>ref_model_name_or_path</c>: a separate frozen reference model folder.</summary>
    public string? RefModelNameOrPath { get; set; }
    /// <summary><c>tokenizer_name_or_path</c>: tokenizer folder (default: the model folder).</summary>
    public string? TokenizerNameOrPath { get; set; }
    /// <summary><c>torch_dtype</c> / <c>dtype</c>: dtype of the saved model (float32, bfloat16, float16, auto).</summary>
    public string TorchDtype { get; set; } = "auto";

    // ---- data ----
    /// <summary><c>dataset_path</c> (also <c>dataset_name</c> when it is a local path): the training data.</summary>
    public string? DatasetPath { get; set; }
    /// <summary><c>dataset_mixer</c> / <c>dataset_mixture</c>: path → fraction of its rows to use.</summary>
    public Dictionary<string, double> DatasetMixer { get; set; } = new();
    /// <summary><c>dataset_splits</c>: which splits of the mixer's folders to use (default train, test).</summary>
    public List<string> DatasetSplits { get; set; } = ["train", "test"];
    /// <summary><c>eval_dataset_path</c>: held-out data for evaluation.</summary>
    public string? EvalDatasetPath { get; set; }
    /// <summary><c>dataset_format</c>: force a schema (standard, conversational, implicit, unpaired, tokenized).</summary>
    public string? DatasetFormat { get; set; }
    /// <summary><c>dataset_columns</c>: column renames, our name → the file's name.</summary>
    public Dictionary<string, string> DatasetColumns { get; set; } = new();
    /// <summary><c>skip_invalid</c>: skip bad rows (counted by reason) instead of stopping.</summary>
    public bool SkipInvalid { get; set; }
    /// <summary><c>max_length</c> (alias <c>max_seq_length</c>): prompt + completion tokens.</summary>
    public int? MaxLength { get; set; } = 1024;
    /// <summary><c>max_prompt_length</c>: prompt tokens kept (the last ones).</summary>
    public int? MaxPromptLength { get; set; }
    /// <summary><c>max_completion_length</c>: completion tokens kept.</summary>
    public int? MaxCompletionLength { get; set; }
    /// <summary><c>truncation_mode</c>: keep_start or keep_end.</summary>
    public string TruncationMode { get; set; } = "keep_start";
    /// <summary><c>prefix_sharing</c>: compute a pair's prompt once for both completions.</summary>
    public bool PrefixSharing { get; set; } = true;
    /// <summary><c>max_tokens_per_batch</c>: token budget of one micro-batch (0: by pair count only).</summary>
    public int MaxTokensPerBatch { get; set; }

    // ---- objective ----
    /// <summary><c>loss_type</c> (alias <c>contrast_loss_type</c>): one loss or a weighted list.</summary>
    public List<string> LossType { get; set; } = ["sigmoid"];
    /// <summary><c>loss_weights</c>: one weight per entry of <see cref="LossType"/>.</summary>
    public List<double>? LossWeights { get; set; }
    /// <summary>
    /// The objective's hyperparameters by their TRL / paper names (<c>beta</c>, <c>gamma</c>,
    /// <c>simpo_gamma</c>, <c>cpo_alpha</c>, <c>label_smoothing</c>, <c>rpo_alpha</c>, …),
    /// validated by the objective registry.
    /// </summary>
    public Dictionary<string, object> LossOptions { get; set; } = new();
    /// <summary><c>reference_free</c>: no reference model; rewards are β·logπ.</summary>
    public bool ReferenceFree { get; set; }
    /// <summary><c>precompute_ref_log_probs</c>: compute reference log-probs once, cached on disk.</summary>
    public bool PrecomputeRefLogProbs { get; set; }
    /// <summary><c>sync_ref_model</c>: TR-DPO reference synchronisation.</summary>
    public bool SyncRefModel { get; set; }
    /// <summary><c>ref_model_mixup_alpha</c>: TR-DPO mix-up weight α (ref ← α·policy + (1−α)·ref).</summary>
    public double RefModelMixupAlpha { get; set; } = 0.6;
    /// <summary><c>ref_model_sync_steps</c>: TR-DPO synchronisation period in optimizer steps.</summary>
    public int RefModelSyncSteps { get; set; } = 512;

    // ---- optimisation ----
    /// <summary><c>optim</c> (CustomPOs' <c>optimizer_type</c> when optim is absent): adamw_torch, sgd, rmsprop, adafactor.</summary>
    public string Optim { get; set; } = "adamw_torch";
    /// <summary><c>learning_rate</c>.</summary>
    public double LearningRate { get; set; } = 1e-6;
    /// <summary><c>weight_decay</c>.</summary>
    public double WeightDecay { get; set; }
    /// <summary><c>adam_beta1</c>.</summary>
    public double AdamBeta1 { get; set; } = 0.9;
    /// <summary><c>adam_beta2</c>.</summary>
    public double AdamBeta2 { get; set; } = 0.999;
    /// <summary><c>adam_epsilon</c>.</summary>
    public double AdamEpsilon { get; set; } = 1e-8;
    /// <summary><c>lr_scheduler_type</c>: linear, cosine, constant, constant_with_warmup.</summary>
    public string LrSchedulerType { get; set; } = "linear";
    /// <summary><c>warmup_ratio</c>: warm-up as a share of all optimizer steps (used when warmup_steps is 0).</summary>
    public double WarmupRatio { get; set; }
    /// <summary><c>warmup_steps</c>: warm-up steps; takes precedence over the ratio when positive.</summary>
    public int WarmupSteps { get; set; }
    /// <summary><c>num_train_epochs</c>.</summary>
    public double NumTrainEpochs { get; set; } = 3;
    /// <summary><c>max_steps</c>: optimizer steps; positive values override the epoch count.</summary>
    public int MaxSteps { get; set; } = -1;
    /// <summary><c>per_device_train_batch_size</c>: examples per micro-batch.</summary>
    public int PerDeviceTrainBatchSize { get; set; } = 8;
    /// <summary><c>per_device_eval_batch_size</c>.</summary>
    public int PerDeviceEvalBatchSize { get; set; } = 8;
    /// <summary><c>gradient_accumulation_steps</c>: micro-batches per optimizer step.</summary>
    public int GradientAccumulationSteps { get; set; } = 1;
    /// <summary><c>max_grad_norm</c>: clip by global norm (0 disables).</summary>
    public double MaxGradNorm { get; set; } = 1.0;
    /// <summary><c>gradient_checkpointing</c>: recompute each layer's activations in backward.</summary>
    public bool GradientCheckpointing { get; set; }
    /// <summary><c>seed</c>.</summary>
    public int Seed { get; set; } = 42;
    /// <summary><c>disable_dropout</c>: dropout off in policy and reference.</summary>
    public bool DisableDropout { get; set; } = true;

    // ---- PEFT ----
    /// <summary><c>use_peft</c>: train a LoRA adapter instead of all weights.</summary>
    public bool UsePeft { get; set; }
    /// <summary><c>adapter_name_or_path</c>: continue training an existing PEFT LoRA adapter folder (its r, alpha and targets win).</summary>
    public string? AdapterNameOrPath { get; set; }
    /// <summary><c>lora_r</c>.</summary>
    public int LoraR { get; set; } = 16;
    /// <summary><c>lora_alpha</c>.</summary>
    public double LoraAlpha { get; set; } = 32;
    /// <summary><c>lora_dropout</c>.</summary>
    public double LoraDropout { get; set; } = 0.05;
    /// <summary><c>lora_target_modules</c>: module names (q_proj, …) or "all-linear".</summary>
    public List<string> LoraTargetModules { get; set; } = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];
    /// <summary><c>use_rslora</c>: scale by α/√r instead of α/r.</summary>
    public bool UseRslora { get; set; }

    // ---- output and logging ----
    /// <summary><c>output_dir</c>.</summary>
    public string OutputDir { get; set; } = "output";
    /// <summary><c>logging_steps</c>: optimizer steps between log lines.</summary>
    public int LoggingSteps { get; set; } = 10;
    /// <summary><c>eval_strategy</c> (alias <c>evaluation_strategy</c>): no, steps, epoch.</summary>
    public string EvalStrategy { get; set; } = "no";
    /// <summary><c>eval_steps</c>.</summary>
    public int? EvalSteps { get; set; }
    /// <summary><c>save_strategy</c>: no, steps, epoch.</summary>
    public string SaveStrategy { get; set; } = "steps";
    /// <summary><c>save_steps</c>.</summary>
    public int SaveSteps { get; set; } = 500;
    /// <summary><c>save_total_limit</c>: keep at most this many checkpoints (null: all).</summary>
    public int? SaveTotalLimit { get; set; }
    /// <summary><c>resume_from_checkpoint</c>: "latest" or a checkpoint folder.</summary>
    public string? ResumeFromCheckpoint { get; set; }
    /// <summary><c>run_name</c>.</summary>
    public string? RunName { get; set; }
}
