using SharpAlign.Models;
using SharpAlign.Models.IO;
using SharpAlign.Tensors;

namespace SharpAlign.Training.Checkpoints;

/// <summary>
/// The files of one checkpoint folder: trainable parameters and optimizer state in float32
/// safetensors (exact), <c>trainer_state.json</c> (transformers' shape) and
/// <c>training_state.json</c> (our resume state). Loading checks every tensor's presence and shape
/// and names the file and tensor when something does not match.
/// </summary>
public static class CheckpointFiles
{
    /// <summary>Trainable parameters by name (PEFT names for LoRA, Hugging Face names otherwise).</summary>
    public const string Parameters = "trainable.safetensors";
    /// <summary>Optimizer state tensors ("{parameter}.{slot}").</summary>
    public const string Optimizer = "optimizer.safetensors";
    /// <summary>transformers-style state.</summary>
    public const string TrainerStateFile = "trainer_state.json";
    /// <summary>Our resume state.</summary>
    public const string TrainingStateFile = "training_state.json";

    /// <summary>Writes the tensors and states into <paramref name="dir"/>.</summary>
    public static void Write(string dir, IReadOnlyList<Parameter> trainable, IReadOnlyDictionary<string, Tensor> optimizerState,
        TrainerState trainerState, TrainingState trainingState)
    {
        SafetensorsWriter.WriteFile(Path.Combine(dir, Parameters), trainable.Select(p => SafetensorsEntry.From(p.Name, p.Value)).ToList(), SafetensorsDtype.F32);
        if (optimizerState.Count > 0)
            SafetensorsWriter.WriteFile(Path.Combine(dir, Optimizer), optimizerState.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => SafetensorsEntry.From(kv.Key, kv.Value)).ToList(), SafetensorsDtype.F32);
        File.WriteAllText(Path.Combine(dir, TrainerStateFile), trainerState.ToJson());
        File.WriteAllText(Path.Combine(dir, TrainingStateFile), trainingState.ToJson());
    }

    /// <summary>Restores parameters and optimizer state in place from <paramref name="dir"/>; returns the two states.</summary>
    public static (TrainerState Trainer, TrainingState Training) Read(string dir, IReadOnlyList<Parameter> trainable, IReadOnlyDictionary<string, Tensor> optimizerState)
    {
        foreach (var f in new[] { Parameters, TrainerStateFile, TrainingStateFile })
            if (!File.Exists(Path.Combine(dir, f))) throw new InputException($"{dir} is not a complete checkpoint: {f} is missing");
        ReadInto(Path.Combine(dir, Parameters), trainable.ToDictionary(p => p.Name, p => p.Value));
        if (optimizerState.Count > 0)
        {
            if (!File.Exists(Path.Combine(dir, Optimizer))) throw new InputException($"{dir}: {Optimizer} is missing but the optimizer has state");
            ReadInto(Path.Combine(dir, Optimizer), optimizerState);
        }
        string ts = Path.Combine(dir, TrainerStateFile), tr = Path.Combine(dir, TrainingStateFile);
        return (TrainerState.FromJson(File.ReadAllText(ts), ts), TrainingState.FromJson(File.ReadAllText(tr), tr));
    }

    private static void ReadInto(string path, IReadOnlyDictionary<string, Tensor> targets)
    {
        using var file = SafetensorsFile.Open(path);
        foreach (var (name, t) in targets)
        {
            if (!file.Contains(name)) throw new InputException($"{path}: tensor {name} is missing (was the checkpoint written for another model or LoRA setting?)");
            var info = file.Info(name);
            if (!info.Shape.SequenceEqual(t.Shape))
                throw new InputException($"{path}: tensor {name} has shape [{string.Join(",", info.Shape)}], expected [{string.Join(",", t.Shape)}]");
            file.ReadInto(name, t.Span);
        }
    }
}
