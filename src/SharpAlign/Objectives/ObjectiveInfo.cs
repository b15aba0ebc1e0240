namespace SharpAlign.Objectives;

/// <summary>Whether an objective reads preference pairs or unpaired labelled examples.</summary>
public enum ObjectiveKind
{
    /// <summary>Chosen vs rejected pairs (<see cref="PreferenceBatch"/>).</summary>
    Paired,
    /// <summary>Single completions labelled desirable/undesirable (<see cref="UnpairedBatch"/>).</summary>
    Unpaired,
}

/// <summary>
/// A registry entry: an objective's name (TRL / paper), aliases, kind, whether it needs a reference
/// model, its hyperparameters with defaults, its formula and source. Plain data except the factory.
/// </summary>
public sealed class ObjectiveInfo
{
    /// <summary>Name as users write it in <c>loss_type</c>.</summary>
    public required string Name { get; init; }
    /// <summary>Other accepted names (older TRL names, repository names).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
    /// <summary>Family: dpo (TRL DPOTrainer pipeline), cpo, orpo, kto.</summary>
    public required string Family { get; init; }
    /// <summary>Paired or unpaired.</summary>
    public ObjectiveKind Kind { get; init; } = ObjectiveKind.Paired;
    /// <summary>True when reference-model log-probs are required (with default hyperparameters).</summary>
    public required bool NeedsReference { get; init; }
    /// <summary>Per-example loss formula (plain text, notation of research/losses.md).</summary>
    public required string Formula { get; init; }
    /// <summary>Source: repository + path, or paper.</summary>
    public required string Source { get; init; }
    /// <summary>Every hyperparameter the entry accepts, with defaults.</summary>
    public required IReadOnlyList<HyperParameter> Parameters { get; init; }
    /// <summary>
    /// The hyperparameters that define this loss, shown in summaries (defaults to all of them). DPO-family
    /// entries additionally take the shared DPOTrainer settings (f-divergence, LD-DPO, WPO, …).
    /// </summary>
    public IReadOnlyList<HyperParameter> MainParameters { get => _main ?? Parameters; init => _main = value; }
    private IReadOnlyList<HyperParameter>? _main;
    /// <summary>Builds the objective from validated hyperparameters.</summary>
    internal Func<HyperParameterValues, IObjective> Factory { get; init; } = _ => throw new InvalidOperationException("no factory");
    /// <summary>For DPO-family loss types: builds the term, so several can be combined with loss_weights.</summary>
    internal Func<HyperParameterValues, Dpo.IPairLossTerm>? Term { get; init; }
    /// <summary>For DPO-family loss types: the term-specific hyperparameters (the pipeline ones excluded).</summary>
    internal IReadOnlyList<HyperParameter> TermParameters { get; init; } = [];
    /// <summary>For DPO-family loss types: whether the term reads label_smoothing with these values.</summary>
    internal Func<HyperParameterValues, bool> UsesLabelSmoothing { get; init; } = _ => false;
}
