namespace SharpAlign.Training.Schedules;

/// <summary>
/// Learning-rate multipliers as transformers' schedulers compute them (get_scheduler):
/// <list type="bullet">
/// <item>constant: 1</item>
/// <item>constant_with_warmup: s/w during warm-up, then 1</item>
/// <item>linear: s/w during warm-up, then max(0, (T − s)/(T − w))</item>
/// <item>cosine: s/w during warm-up, then max(0, ½(1 + cos(π·(s − w)/(T − w)))) (half a cycle)</item>
/// </list>
/// where s is the number of optimizer steps taken before this one, w the warm-up steps, T the total.
/// Warm-up: <c>warmup_steps</c> when positive, else ceil(<c>warmup_ratio</c>·T), as transformers does.
/// </summary>
public sealed record LearningRateSchedule(string Type, double BaseRate, int WarmupSteps, int TotalSteps)
{
    /// <summary>Builds the schedule from config values.</summary>
    public static LearningRateSchedule Create(string type, double baseRate, int warmupSteps, double warmupRatio, int totalSteps)
    {
        int warm = warmupSteps > 0 ? warmupSteps : (int)Math.Ceiling(warmupRatio * totalSteps);
        return type switch
        {
            "linear" or "cosine" or "constant" or "constant_with_warmup" => new LearningRateSchedule(type, baseRate, warm, totalSteps),
            _ => throw new InputException($"unknown lr_scheduler_type \"{type}\" (expected linear, cosine, constant or constant_with_warmup)"),
        };
    }

    /// <summary>Learning rate for the optimizer step that follows <paramref name="step"/> completed steps.</summary>
    public double RateAt(int step) => BaseRate * Multiplier(step);

    /// <summary>The multiplier of the base rate after <paramref name="step"/> completed steps.</summary>
    public double Multiplier(int step)
    {
        if (Type == "constant") return 1;
        if (step < WarmupSteps) return (double)step / Math.Max(1, WarmupSteps);
        if (Type == "constant_with_warmup") return 1;
        double progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return Type == "linear"
            ? Math.Max(0, (double)(TotalSteps - step) / Math.Max(1, TotalSteps - WarmupSteps))
            : Math.Max(0, 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
