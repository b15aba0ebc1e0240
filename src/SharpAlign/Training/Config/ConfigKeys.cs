namespace SharpAlign.Training.Config;

/// <summary>
/// Every configuration key SharpAlign knows: the ones it applies (with the field they set), the
/// objective hyperparameters it passes to the objective registry, and the ones from
/// transformers / TRL / alignment-handbook / CustomPOs configs that do not apply to this back end
/// and are accepted with one warning that says why.
/// </summary>
public static class ConfigKeys
{
    /// <summary>Keys that set a field of <see cref="TrainingConfig"/>.</summary>
    public static readonly IReadOnlyDictionary<string, Action<TrainingConfig, ConfigValue>> Supported =
        new Dictionary<string, Action<TrainingConfig, ConfigValue>>
        {
            ["trainer"] = (c, v) => c.Trainer = v.AsString().ToLowerInvariant() switch
            {
                "dpo" => TrainerKind.Dpo,
                "sft" => TrainerKind.Sft,
                "kto" => TrainerKind.Kto,
                var s => throw new InputException($"{v.Source}: `trainer` must be dpo, sft or kto, got \"{s}\""),
            },
            ["model_name_or_path"] = (c, v) => c.ModelNameOrPath = v.AsString(),
            ["ref_model_name_or_path"] = (c, v) => c.RefModelNameOrPath = v.IsNull ? null : v.AsString(),
            ["tokenizer_name_or_path"] = (c, v) => c.TokenizerNameOrPath = v.IsNull ? null : v.AsString(),
            ["torch_dtype"] = (c, v) => c.TorchDtype = Dtype(v),
            ["dtype"] = (c, v) => c.TorchDtype = Dtype(v),
            ["dataset_path"] = (c, v) => c.DatasetPath = v.AsString(),
            ["dataset_name"] = (c, v) => c.DatasetPath = v.AsString(),
            ["dataset_mixer"] = (c, v) => c.DatasetMixer = v.AsMapping().ToDictionary(kv => kv.Key, kv => kv.Value.AsDouble()),
            ["dataset_mixture"] = (c, v) => c.DatasetMixer = v.AsMapping().ToDictionary(kv => kv.Key, kv => kv.Value.AsDouble()),
            ["dataset_splits"] = (c, v) => c.DatasetSplits = v.AsStringList(),
            ["eval_dataset_path"] = (c, v) => c.EvalDatasetPath = v.IsNull ? null : v.AsString(),
            ["dataset_format"] = (c, v) => c.DatasetFormat = v.IsNull ? null : v.AsString(),
            ["dataset_columns"] = (c, v) => c.DatasetColumns = v.AsMapping().ToDictionary(kv => kv.Key, kv => kv.Value.AsString()),
            ["skip_invalid"] = (c, v) => c.SkipInvalid = v.AsBool(),
            ["max_length"] = (c, v) => c.MaxLength = OptionalInt(v),
            ["max_seq_length"] = (c, v) => c.MaxLength = OptionalInt(v),
            ["max_prompt_length"] = (c, v) => c.MaxPromptLength = OptionalInt(v),
            ["max_completion_length"] = (c, v) => c.MaxCompletionLength = OptionalInt(v),
            ["truncation_mode"] = (c, v) => c.TruncationMode = OneOf(v, "keep_start", "keep_end"),
            ["prefix_sharing"] = (c, v) => c.PrefixSharing = v.AsBool(),
            ["max_tokens_per_batch"] = (c, v) => c.MaxTokensPerBatch = NonNegative(v),
            ["loss_type"] = (c, v) => c.LossType = v.AsStringList(),
            ["contrast_loss_type"] = (c, v) => c.LossType = v.AsStringList(),
            ["loss_weights"] = (c, v) => c.LossWeights = v.IsNull ? null : v.AsDoubleList(),
            ["reference_free"] = (c, v) => c.ReferenceFree = v.AsBool(),
            ["precompute_ref_log_probs"] = (c, v) => c.PrecomputeRefLogProbs = v.AsBool(),
            ["sync_ref_model"] = (c, v) => c.SyncRefModel = v.AsBool(),
            ["ref_model_mixup_alpha"] = (c, v) => c.RefModelMixupAlpha = v.AsDouble(),
            ["ref_model_sync_steps"] = (c, v) => c.RefModelSyncSteps = Positive(v),
            ["optim"] = (c, v) => c.Optim = OneOf(v, "adamw_torch", "adamw_hf", "adamw", "sgd", "rmsprop", "adafactor"),
            ["learning_rate"] = (c, v) => c.LearningRate = v.AsDouble(),
            ["weight_decay"] = (c, v) => c.WeightDecay = v.AsDouble(),
            ["adam_beta1"] = (c, v) => c.AdamBeta1 = v.AsDouble(),
            ["adam_beta2"] = (c, v) => c.AdamBeta2 = v.AsDouble(),
            ["adam_epsilon"] = (c, v) => c.AdamEpsilon = v.AsDouble(),
            ["lr_scheduler_type"] = (c, v) => c.LrSchedulerType = OneOf(v, "linear", "cosine", "constant", "constant_with_warmup"),
            ["warmup_ratio"] = (c, v) => c.WarmupRatio = v.AsDouble(),
            ["warmup_steps"] = (c, v) => c.WarmupSteps = NonNegative(v),
            ["num_train_epochs"] = (c, v) => c.NumTrainEpochs = v.AsDouble(),
            ["max_steps"] = (c, v) => c.MaxSteps = v.AsInt(),
            ["per_device_train_batch_size"] = (c, v) => c.PerDeviceTrainBatchSize = Positive(v),
            ["per_device_eval_batch_size"] = (c, v) => c.PerDeviceEvalBatchSize = Positive(v),
            ["gradient_accumulation_steps"] = (c, v) => c.GradientAccumulationSteps = Positive(v),
            ["max_grad_norm"] = (c, v) => c.MaxGradNorm = v.AsDouble(),
            ["gradient_checkpointing"] = (c, v) => c.GradientCheckpointing = v.AsBool(),
            ["seed"] = (c, v) => c.Seed = v.AsInt(),
            ["disable_dropout"] = (c, v) => c.DisableDropout = v.AsBool(),
            ["use_peft"] = (c, v) => c.UsePeft = v.AsBool(),
            ["adapter_name_or_path"] = (c, v) => c.AdapterNameOrPath = v.IsNull ? null : v.AsString(),
            ["lora_r"] = (c, v) => c.LoraR = Positive(v),
            ["lora_alpha"] = (c, v) => c.LoraAlpha = v.AsDouble(),
            ["lora_dropout"] = (c, v) => c.LoraDropout = v.AsDouble(),
            ["lora_target_modules"] = (c, v) => c.LoraTargetModules = v.AsStringList(),
            ["use_rslora"] = (c, v) => c.UseRslora = v.AsBool(),
            ["output_dir"] = (c, v) => c.OutputDir = v.AsString(),
            ["logging_steps"] = (c, v) => c.LoggingSteps = Positive(v),
            ["eval_strategy"] = (c, v) => c.EvalStrategy = OneOf(v, "no", "steps", "epoch"),
            ["evaluation_strategy"] = (c, v) => c.EvalStrategy = OneOf(v, "no", "steps", "epoch"),
            ["eval_steps"] = (c, v) => c.EvalSteps = OptionalInt(v),
            ["save_strategy"] = (c, v) => c.SaveStrategy = OneOf(v, "no", "steps", "epoch"),
            ["save_steps"] = (c, v) => c.SaveSteps = Positive(v),
            ["save_total_limit"] = (c, v) => c.SaveTotalLimit = OptionalInt(v),
            ["resume_from_checkpoint"] = (c, v) => c.ResumeFromCheckpoint = v.IsNull ? null : v.AsString(),
            ["run_name"] = (c, v) => c.RunName = v.IsNull ? null : v.AsString(),
        };

    /// <summary>
    /// Objective hyperparameters (TRL, CPO/SimPO/AlphaPO, ORPO, KTO, CustomPOs names). They are kept
    /// as given in <see cref="TrainingConfig.LossOptions"/> and validated by the objective registry.
    /// </summary>
    public static readonly IReadOnlySet<string> LossOptions = new HashSet<string>
    {
        "beta", "gamma", "simpo_gamma", "cpo_alpha", "alpha", "label_smoothing", "rpo_alpha",
        "f_divergence_type", "f_alpha_divergence_coef", "ld_alpha", "use_weighting", "discopop_tau",
        "desirable_weight", "undesirable_weight", "alpha_ropo", "phi_star", "margin", "lambda_sft",
        "lambda_contrast", "sft_type", "average_log_prob", "use_reward_logit", "use_sft_weight",
        "ipo_variant",
    };

    /// <summary>Keys accepted and ignored, with the reason shown once in a warning.</summary>
    public static readonly IReadOnlyDictionary<string, string> Ignored = BuildIgnored();

    private static Dictionary<string, string> BuildIgnored()
    {
        var d = new Dictionary<string, string>();
        void Add(string why, params string[] keys) { foreach (var k in keys) d[k] = why; }
        Add("SharpAlign trains in float32 on the CPU; the saved dtype follows torch_dtype",
            "bf16", "fp16", "tf32", "fp16_opt_level", "half_precision_backend", "bf16_full_eval", "fp16_full_eval", "fp16_backend");
        Add("attention is SharpAlign's own packed-segment kernel", "attn_implementation", "use_flash_attention_2", "use_liger_kernel", "use_liger_loss", "liger_kernel_config", "torch_compile", "torch_compile_backend", "torch_compile_mode", "torchdynamo", "use_ipex", "jit_mode_eval");
        Add("experiment trackers are not built in; metrics go to metrics.jsonl and trainer_state.json", "report_to", "logging_dir", "wandb_project", "wandb_entity", "project", "trackio_space_id");
        Add("no network access: nothing is pushed to or pulled from the Hub", "push_to_hub", "hub_model_id", "hub_strategy", "hub_token", "hub_private_repo", "hub_always_push", "hub_revision", "hub_model_revision", "push_to_hub_model_id", "push_to_hub_organization", "push_to_hub_token", "model_revision", "base_model_revision", "model_code_revision", "trust_remote_code", "revision");
        Add("single-process CPU training: no distributed back ends", "deepspeed", "fsdp", "fsdp_config", "fsdp_min_num_params", "fsdp_transformer_layer_cls_to_wrap", "local_rank", "ddp_backend", "ddp_find_unused_parameters", "ddp_bucket_cap_mb", "ddp_broadcast_buffers", "ddp_timeout", "tpu_num_cores", "tpu_metrics_debug", "accelerator_config", "mp_parameters", "dispatch_batches", "split_batches", "parallelism_config", "average_tokens_across_devices", "eval_use_gather_object", "log_on_each_node", "save_on_each_node", "no_cuda", "use_cpu", "use_mps_device", "ray_scope");
        Add("data is read in-process; threads come from SHARPALIGN_THREADS", "dataloader_num_workers", "dataloader_prefetch_factor", "dataloader_pin_memory", "dataloader_persistent_workers", "dataloader_drop_last", "dataset_num_proc", "preprocessing_num_workers");
        Add("quantised loading is not supported; weights are loaded as float32", "load_in_8bit", "load_in_4bit", "bnb_4bit_quant_type", "use_bnb_nested_quant", "bnb_4bit_quant_storage", "bnb_4bit_compute_dtype");
        Add("batches are packed segments without padding", "label_pad_token_id", "padding_value", "pad_token", "padding_free", "pad_to_multiple_of", "use_logits_to_keep", "use_num_logits_to_keep", "group_by_length", "length_column_name", "remove_unused_columns", "label_names", "packing", "packing_strategy", "eval_packing");
        Add("not applicable to this trainer", "do_train", "do_eval", "do_predict", "overwrite_output_dir", "prediction_loss_only", "eval_accumulation_steps", "eval_delay", "torch_empty_cache_steps", "log_level", "log_level_replica", "logging_strategy", "logging_first_step", "logging_nan_inf_filter", "save_safetensors", "save_only_model", "restore_callback_states_from_checkpoint", "data_seed", "debug", "past_index", "disable_tqdm", "load_best_model_at_end", "metric_for_best_model", "greater_is_better", "ignore_data_skip", "label_smoothing_factor", "optim_args", "optim_target_modules", "adafactor", "skip_memory_metrics", "use_legacy_prediction_loop", "include_inputs_for_metrics", "include_for_metrics", "eval_do_concat_batches", "auto_find_batch_size", "full_determinism", "include_tokens_per_second", "include_num_input_tokens_seen", "neftune_noise_alpha", "batch_eval_metrics", "eval_on_start", "lr_scheduler_kwargs", "per_gpu_train_batch_size", "per_gpu_eval_batch_size", "gradient_checkpointing_kwargs", "activation_offloading");
        Add("TRL options for features SharpAlign does not have (generation during eval, tools, vision, encoder-decoder models, MoE)", "generate_during_eval", "is_encoder_decoder", "tools", "model_init_kwargs", "ref_model_init_kwargs", "model_adapter_name", "ref_adapter_name", "force_use_ref_model", "precompute_ref_batch_size", "base_model_attribute_name", "router_aux_loss_coef", "dataset_kwargs", "dataset_text_field", "chat_template_path", "completion_only_loss", "assistant_only_loss", "eos_token", "max_prompt_length_ratio");
        Add("alignment-handbook / TRL dataset and PEFT options that need the Hub or are decided by SharpAlign", "dataset_configs", "dataset_config", "dataset_streaming", "dataset_train_split", "dataset_test_split", "text_column", "truncation_side", "auto_insert_empty_system_msg", "chat_template", "lora_modules_to_save", "lora_task_type", "use_dora", "lora_target_parameters");
        Add("CustomPOs fields that describe the run but change no computation", "algorithm", "task_name", "hub_private");
        return d;
    }

    /// <summary>Every known key, for suggestions.</summary>
    public static IEnumerable<string> All => Supported.Keys.Concat(LossOptions).Concat(Ignored.Keys).Append("optimizer_type");

    private static string Dtype(ConfigValue v) => OneOf(v, "auto", "float32", "bfloat16", "float16", "fp32", "bf16", "fp16") switch
    {
        "fp32" => "float32", "bf16" => "bfloat16", "fp16" => "float16", var s => s,
    };

    private static string OneOf(ConfigValue v, params string[] allowed)
    {
        string s = v.AsString();
        return allowed.Contains(s) ? s : throw new InputException($"{v.Source}: `{v.Key}` must be one of {string.Join(", ", allowed)}; got \"{s}\"");
    }

    private static int? OptionalInt(ConfigValue v) => v.IsNull ? null : Positive(v);

    private static int Positive(ConfigValue v)
    {
        int n = v.AsInt();
        return n > 0 ? n : throw new InputException($"{v.Source}: `{v.Key}` must be a positive integer, got {n}");
    }

    private static int NonNegative(ConfigValue v)
    {
        int n = v.AsInt();
        return n >= 0 ? n : throw new InputException($"{v.Source}: `{v.Key}` must be zero or more, got {n}");
    }
}
