using SharpAlign.Models;
using SharpAlign.Tensors;

namespace SharpAlign.Training.Optimizers;

/// <summary>
/// Updates trainable parameters from their gradients, PyTorch semantics. State tensors are named
/// "{parameter}.{slot}" so a checkpoint can store and restore them exactly.
/// </summary>
public interface IOptimizer : IDisposable
{
    /// <summary>Optimizer steps taken so far.</summary>
    int StepCount { get; }

    /// <summary>Applies one update with learning rate <paramref name="lr"/> to every trainable parameter.</summary>
    void Step(double lr);

    /// <summary>The state tensors by name (moments, accumulators), for checkpoints.</summary>
    IReadOnlyDictionary<string, Tensor> State { get; }

    /// <summary>Restores the step count (the tensors are restored in place through <see cref="State"/>).</summary>
    void RestoreStepCount(int steps);
}

/// <summary>Which parameters get weight decay, as transformers decides it.</summary>
public static class WeightDecayPolicy
{
    /// <summary>
    /// Biases and normalisation weights get no weight decay (transformers' get_decay_parameter_names:
    /// names matching "bias", "layernorm", "rmsnorm", "norm" as a module name, or "_norm").
    /// </summary>
    public static bool Decays(string name)
    {
        string n = name.ToLowerInvariant();
        if (n.Contains("bias") || n.Contains("layernorm") || n.Contains("rmsnorm") || n.Contains("_norm.") || n.EndsWith("_norm")) return false;
        foreach (string part in n.Split('.'))
            if (part == "norm") return false;
        return true;
    }
}

/// <summary>Builds the optimizer a config names.</summary>
public static class OptimizerFactory
{
    /// <summary>adamw_torch (adamw_hf, adamw), sgd, rmsprop or adafactor, over the trainable parameters.</summary>
    public static IOptimizer Create(string name, IReadOnlyList<Parameter> parameters, double weightDecay, double beta1, double beta2, double eps)
    {
        var trainable = parameters.Where(p => p.Trainable).ToList();
        return name switch
        {
            "adamw_torch" or "adamw_hf" or "adamw" => new AdamW(trainable, beta1, beta2, eps, weightDecay),
            "sgd" => new Sgd(trainable, weightDecay),
            "rmsprop" => new RmsProp(trainable, weightDecay),
            "adafactor" => new Adafactor(trainable, weightDecay),
            _ => throw new InputException($"unknown optimizer \"{name}\" (expected adamw_torch, sgd, rmsprop or adafactor)"),
        };
    }
}
