using System.Text.Json;

namespace SharpAlign.Training.Checkpoints;

/// <summary>
/// Everything besides tensors that a resumed run needs to continue exactly where the checkpoint
/// was taken (<c>training_state.json</c>): the step and data position, counters, and the
/// partially filled logging window.
/// </summary>
public sealed class TrainingState
{
    /// <summary>Optimizer steps completed (including skipped non-finite steps).</summary>
    public int GlobalStep { get; set; }
    /// <summary>Optimizer updates applied (the optimizer's own step count).</summary>
    public int OptimizerSteps { get; set; }
    /// <summary>Epoch of the next micro-batch.</summary>
    public int Epoch { get; set; }
    /// <summary>Index, within its epoch's plan, of the next micro-batch.</summary>
    public int Batch { get; set; }
    /// <summary>Tokens consumed (as TRL counts them).</summary>
    public long TokensSeen { get; set; }
    /// <summary>Steps skipped because the loss or a gradient was not finite.</summary>
    public int SkippedSteps { get; set; }
    /// <summary>Non-finite steps in a row at the end (training stops at a limit).</summary>
    public int ConsecutiveNonFinite { get; set; }
    /// <summary>Sum of step losses in the open logging window.</summary>
    public double WindowLoss { get; set; }
    /// <summary>Steps in the open logging window.</summary>
    public int WindowSteps { get; set; }
    /// <summary>Sum of gradient norms in the open logging window.</summary>
    public double WindowGradNorm { get; set; }
    /// <summary>The open window's metric sums and weights.</summary>
    public Dictionary<string, double[]> WindowMetrics { get; set; } = new();
    /// <summary>Thread count the run used (bit-identical resume needs the same).</summary>
    public int Threads { get; set; }

    /// <summary>Serialises the state.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Reads a state, with a clear error for a damaged file.</summary>
    public static TrainingState FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainingState>(json) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new InputException($"{source}: not a valid training_state.json ({e.Message})");
        }
    }
}
