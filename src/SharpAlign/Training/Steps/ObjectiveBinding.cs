using SharpAlign.Objectives;
using SharpAlign.Objectives.CustomPos;
using SharpAlign.Training.Config;

namespace SharpAlign.Training.Steps;

/// <summary>
/// Turns a config's <c>loss_type</c> (+ <c>loss_weights</c>) and loss options into an objective:
/// hyperparameters the objective declares are passed on (validated by the registry); other loss
/// options in the file are reported as ignored for this objective; the model's vocabulary size is
/// supplied where an objective needs it (Mallows-DPO). CustomPOs recipes are honoured:
/// <c>lambda_contrast</c> / <c>lambda_sft</c> / <c>sft_type</c> wrap the loss in
/// <see cref="CustomPosObjective"/>, and their <c>gamma</c> is SimPO's margin γ.
/// </summary>
public static class ObjectiveBinding
{
    /// <summary>The objective, whether it needs token entropies, and warnings for options it does not use.</summary>
    public static (IObjective Objective, bool NeedsEntropy, IReadOnlyList<string> Warnings) Create(TrainingConfig c, int vocabSize)
    {
        var lossTypes = c.LossType;
        if (lossTypes is ["sigmoid"] && c.LossOptions.ContainsKey("rpo_alpha")) lossTypes = ["rpo"];   // TRL-legacy: sigmoid + rpo_alpha is RPO
        var infos = lossTypes.Select(ObjectiveRegistry.Get).ToList();
        var declared = infos.SelectMany(i => i.Parameters).Select(p => p.Name).ToHashSet();
        if (infos.Count > 1) declared.Add("loss_weights");
        var hp = new Dictionary<string, object?>();
        var warnings = new List<string>();
        var options = new Dictionary<string, object>(c.LossOptions);
        if (infos.Count == 1 && infos[0].Name == "simpo" && options.Remove("gamma", out var gamma) && !options.ContainsKey("simpo_gamma"))
            options["simpo_gamma"] = gamma;
        double? lambdaContrast = Take(options, "lambda_contrast", declared), lambdaSft = Take(options, "lambda_sft", declared);
        string sftType = options.Remove("sft_type", out var st) ? Convert.ToString(st, System.Globalization.CultureInfo.InvariantCulture)! : "token";
        bool averageLogProb = !declared.Contains("average_log_prob") && options.Remove("average_log_prob", out var alp) && alp is true;
        if (sftType is not ("token" or "instance")) throw new InputException($"sft_type must be token or instance, got \"{sftType}\"");
        if (averageLogProb && lambdaSft is null)
            warnings.Add("`average_log_prob: true` length-normalises only SimPO-style objectives and the CustomPOs NLL; it is ignored here");
        foreach (var (k, v) in options)
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
            ? ObjectiveRegistry.CreateUnpaired(lossTypes.Single(), hp)
            : ObjectiveRegistry.Create(lossTypes, hp);
        if ((lambdaContrast is not null || lambdaSft is not null) && objective is IPairedObjective paired)
            objective = new CustomPosObjective(paired, lambdaContrast ?? 1, lambdaSft ?? 0, sftType, averageLogProb);
        return (objective, entropy, warnings);
    }

    private static double? Take(Dictionary<string, object> options, string key, HashSet<string> declared) =>
        !declared.Contains(key) && options.Remove(key, out var v) ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null;
}
