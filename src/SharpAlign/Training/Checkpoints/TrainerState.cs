using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpAlign.Training.Checkpoints;

/// <summary>
/// <c>trainer_state.json</c> in the shape transformers' Trainer writes it: global step, epoch,
/// the run's settings, and <c>log_history</c> — one object per logging step, evaluation and the
/// final summary — so existing plotting scripts read our runs unchanged.
/// </summary>
public sealed class TrainerState
{
    /// <summary>Optimizer steps completed.</summary>
    public int GlobalStep { get; set; }
    /// <summary>Fractional epoch reached.</summary>
    public double Epoch { get; set; }
    /// <summary>Total optimizer steps of the run.</summary>
    public int MaxSteps { get; set; }
    /// <summary>Epochs configured.</summary>
    public double NumTrainEpochs { get; set; }
    /// <summary><c>logging_steps</c>.</summary>
    public int LoggingSteps { get; set; }
    /// <summary><c>eval_steps</c>.</summary>
    public int? EvalSteps { get; set; }
    /// <summary><c>save_steps</c>.</summary>
    public int SaveSteps { get; set; }
    /// <summary>Examples per micro-batch.</summary>
    public int TrainBatchSize { get; set; }
    /// <summary>Tokens consumed so far (prompt + completions as the data holds them).</summary>
    public long NumInputTokensSeen { get; set; }
    /// <summary>The log entries, in order.</summary>
    public List<Dictionary<string, object?>> LogHistory { get; set; } = new();

    /// <summary>Serialises with transformers' key names.</summary>
    public string ToJson()
    {
        var o = new JsonObject
        {
            ["best_global_step"] = null,
            ["best_metric"] = null,
            ["best_model_checkpoint"] = null,
            ["epoch"] = Epoch,
            ["eval_steps"] = EvalSteps,
            ["global_step"] = GlobalStep,
            ["is_hyper_param_search"] = false,
            ["is_local_process_zero"] = true,
            ["is_world_process_zero"] = true,
            ["log_history"] = new JsonArray(LogHistory.Select(e => (JsonNode)JsonSerializer.SerializeToNode(e)!).ToArray()),
            ["logging_steps"] = LoggingSteps,
            ["max_steps"] = MaxSteps,
            ["num_input_tokens_seen"] = NumInputTokensSeen,
            ["num_train_epochs"] = NumTrainEpochs,
            ["save_steps"] = SaveSteps,
            ["total_flos"] = 0,
            ["train_batch_size"] = TrainBatchSize,
            ["trial_name"] = null,
            ["trial_params"] = null,
        };
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads a state written by <see cref="ToJson"/> (or by transformers).</summary>
    public static TrainerState FromJson(string json, string source)
    {
        try
        {
            var o = JsonNode.Parse(json)!.AsObject();
            var s = new TrainerState
            {
                GlobalStep = o["global_step"]!.GetValue<int>(),
                Epoch = o["epoch"]?.GetValue<double>() ?? 0,
                MaxSteps = o["max_steps"]?.GetValue<int>() ?? 0,
                NumTrainEpochs = o["num_train_epochs"]?.GetValue<double>() ?? 0,
                LoggingSteps = o["logging_steps"]?.GetValue<int>() ?? 0,
                EvalSteps = o["eval_steps"]?.GetValue<int?>(),
                SaveSteps = o["save_steps"]?.GetValue<int>() ?? 0,
                TrainBatchSize = o["train_batch_size"]?.GetValue<int>() ?? 0,
                NumInputTokensSeen = o["num_input_tokens_seen"]?.GetValue<long>() ?? 0,
            };
            foreach (var entry in o["log_history"]?.AsArray() ?? [])
                s.LogHistory.Add(entry!.AsObject().ToDictionary(kv => kv.Key, kv => Scalar(kv.Value)));
            return s;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new InputException($"{source}: not a valid trainer_state.json ({e.Message})");
        }
    }

    private static object? Scalar(JsonNode? n) => n?.GetValueKind() switch
    {
        null or JsonValueKind.Null => null,
        JsonValueKind.Number => n.GetValue<double>(),
        JsonValueKind.String => n.GetValue<string>(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => n.ToJsonString(),
    };
}
