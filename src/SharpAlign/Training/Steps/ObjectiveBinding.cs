using SharpAlign.Objectives;
using SharpAlign.Training.Config;

namespace SharpAlign.Training.Steps;

/// <summary>
/// Turns a config's <c>loss_type</c> (+ <c>loss_weights</c>) and loss options into an objective:
/// hyperparameters the objective declares are passed on (validated by the registry); other loss
/// options in the file are reported as ignored for this objective; the model's vocabulary size is
/// supplied where an objective needs it (Mallows-DPO).
/// </summary>
public static class ObjectiveBinding
{
    /// <summary>The objective, whether it needs token entropies, and warnings for options it does not use.</summary>
    public static (IObjective Objective, bool NeedsEntropy, IReadOnlyList<string> Warnings) Create(TrainingConfig c, int vocabSize)
    {
        var infos = c.LossType.Select(ObjectiveRegistry.Get).ToList();
        var declared = infos.SelectMany(i => i.Parameters).Select(p => p.Name).ToHashSet();
        if (infos.Count > 1) declared.Add("loss_weights");
        var hp = new Dictionary<string, object?>();
        var warnings = new List<string>();
        foreach (var (k, v) in c.LossOptions)
        {
            if (declared.Contains(k)) hp[k] = v;
            else warnings.Add($"`{k}` is ignored: it is not a hyperparameter of {string.Join(" + ", infos.Select(i => i.Name))}");
        }
        if (c.LossWeights is { } w)
        {
            if (infos.Count == 1 && w[0] != 1) warnings.Add("`loss_weights` with a single loss_type scales nothing but the loss; ignored");
            else if (infos.Count > 1) hp["loss_weights"] = w.ToArray();
        }
        if (declared.Contains("vocab_size") && !hp.ContainsKey("vocab_size")) hp["vocab_size"] = (long)vocabSize;
        bool entropy = declared.Contains("phi_star");
        IObjective objective = c.Trainer == TrainerKind.Kto
            ? ObjectiveRegistry.CreateUnpaired(c.LossType.Single(), hp)
            : ObjectiveRegistry.Create(c.LossType, hp);
        return (objective, entropy, warnings);
    }
}
