using SharpAlign.Objectives.Constraints;
using SharpAlign.Objectives.Dpo;

namespace SharpAlign.Objectives;

/// <summary>
/// Objectives by the names users know (TRL's <c>loss_type</c> values and the papers' names), with
/// their hyperparameters, defaults and validation — what configs and <c>sharpalign losses</c> use.
/// Names match case-insensitively, with '-' and '_' interchangeable; an unknown name or
/// hyperparameter throws <see cref="InputException"/> suggesting the closest valid one.
/// </summary>
public static class ObjectiveRegistry
{
    private static readonly IReadOnlyList<ObjectiveInfo> Entries = ObjectiveCatalog.Build();

    /// <summary>Every registered objective, in catalogue order.</summary>
    public static IReadOnlyList<ObjectiveInfo> All => Entries;

    /// <summary>The constraint terms available to configs (name → hyperparameters).</summary>
    public static IReadOnlyList<(string Name, string Description, IReadOnlyList<HyperParameter> Parameters)> Constraints { get; } =
    [
        ("score_likelihood_penalty", "λ · mean_i[v_w·exp(ℓ_θ(y_w)/n_w) + v_l·exp(ℓ_θ(y_l)/n_l)], v from external score columns", ObjectiveCatalog.ScorePenaltyParameters),
    ];

    /// <summary>The entry named <paramref name="name"/> (or one of its aliases).</summary>
    public static ObjectiveInfo Get(string name)
    {
        string key = Normalize(name);
        foreach (var e in Entries)
            if (Normalize(e.Name) == key || e.Aliases.Any(a => Normalize(a) == key)) return e;
        var closest = Entries.Select(e => (e.Name, D: e.Aliases.Prepend(e.Name).Min(a => NameMatcher.Distance(key, Normalize(a)))))
            .MinBy(x => x.D);
        string hint = closest.D <= Math.Max(3, key.Length / 2) ? $" — did you mean '{closest.Name}'?" : "";
        throw new InputException($"unknown objective '{name}'{hint} (run `sharpalign losses` for the list)");
    }

    /// <summary>Builds the objective <paramref name="name"/> with the given hyperparameters (others take their defaults).</summary>
    public static IObjective Create(string name, IReadOnlyDictionary<string, object?>? hyperparameters = null)
    {
        var info = Get(name);
        return info.Factory(HyperParameterValues.Bind(info.Name, info.Parameters, hyperparameters));
    }

    /// <summary>Like <see cref="Create(string, IReadOnlyDictionary{string, object?}?)"/>, for a paired objective.</summary>
    public static IPairedObjective CreatePaired(string name, IReadOnlyDictionary<string, object?>? hyperparameters = null) =>
        Create(name, hyperparameters) as IPairedObjective
        ?? throw new InputException($"objective '{name}' is unpaired (KTO-style): it needs unpaired examples, not preference pairs");

    /// <summary>Like <see cref="Create(string, IReadOnlyDictionary{string, object?}?)"/>, for an unpaired objective.</summary>
    public static IUnpairedObjective CreateUnpaired(string name, IReadOnlyDictionary<string, object?>? hyperparameters = null) =>
        Create(name, hyperparameters) as IUnpairedObjective
        ?? throw new InputException($"objective '{name}' is paired: it needs preference pairs, not unpaired examples");

    /// <summary>
    /// TRL's list form: <c>loss_type: [sigmoid, bco_pair, sft]</c> with <c>loss_weights</c> (default all 1):
    /// loss = Σ_k w_k·L_k under one shared DPO pipeline (β, f-divergence, LD-DPO, WPO). Every entry must be a
    /// DPO-family loss type; hyperparameters are the union of the members' (the first member's default wins).
    /// A one-element list is the plain entry.
    /// </summary>
    public static IPairedObjective Create(IReadOnlyList<string> lossTypes, IReadOnlyDictionary<string, object?>? hyperparameters = null)
    {
        if (lossTypes.Count == 0) throw new InputException("loss_type: the list is empty");
        if (lossTypes.Count == 1) return CreatePaired(lossTypes[0], hyperparameters);
        var members = lossTypes.Select(Get).ToArray();
        foreach (var m in members)
            if (m.Term is null)
                throw new InputException($"loss_type list: '{m.Name}' cannot be combined with other loss types; only DPO-family loss types can" +
                    (m.Name == "rpo" ? " (RPO is [sigmoid, sft] with loss_weights [1, α])" : ""));
        var parameters = ObjectiveCatalog.DpoPipeline.Concat(members.SelectMany(m => m.TermParameters))
            .GroupBy(p => p.Name).Select(g => g.First()).ToArray();
        var info = new ObjectiveInfo
        {
            Name = string.Join("+", members.Select(m => m.Name)),
            Family = "dpo",
            NeedsReference = members.Any(m => m.NeedsReference),
            Formula = "Σ_k w_k · mean_i L_k,i (" + string.Join("; ", members.Select(m => m.Name + ": " + m.Formula)) + ")",
            Source = "huggingface/trl trl/trainer/dpo_trainer.py (loss_type list + loss_weights)",
            Parameters = parameters,
        };
        return ObjectiveCatalog.BuildDpo(info, members, HyperParameterValues.Bind(info.Name, parameters, hyperparameters));
    }

    /// <summary>
    /// Builds the objective of a TRL-style config section: <c>loss_type</c> (a name or a list of names) selects it;
    /// every other key the objective declares is a hyperparameter; keys it does not declare are returned in
    /// <paramref name="unused"/> (other trainer settings, or typos — the caller decides). For TRL's CPOTrainer
    /// configs, where <c>loss_type</c> means the CPO variant, call <c>Create("cpo", …)</c> instead.
    /// </summary>
    public static IObjective FromConfig(IReadOnlyDictionary<string, object?> config, out IReadOnlyList<string> unused)
    {
        if (!config.TryGetValue("loss_type", out var lossType) || lossType is null)
            throw new InputException("config: 'loss_type' is missing (e.g. loss_type: sigmoid, or loss_type: [sigmoid, sft])");
        string[] names = lossType switch
        {
            string s when s.TrimStart().StartsWith('[') => s.Trim().TrimStart('[').TrimEnd(']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            string s => [s],
            System.Collections.IEnumerable e => e.Cast<object?>().Select(o => Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray(),
            _ => throw new InputException($"config: loss_type must be a name or a list of names, got '{lossType}'"),
        };
        var declared = (names.Length == 1 ? Get(names[0]).Parameters : names.Select(Get).SelectMany(i => i.Parameters.Concat(ObjectiveCatalog.DpoPipeline)))
            .Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var hp = config.Where(kv => kv.Key != "loss_type" && declared.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        unused = config.Keys.Where(k => k != "loss_type" && !declared.Contains(k)).ToArray();
        return names.Length == 1 ? Create(names[0], hp) : Create(names, hp);
    }

    /// <summary>Builds a constraint term by name (see <see cref="Constraints"/>).</summary>
    public static IConstraintTerm CreateConstraint(string name, IReadOnlyDictionary<string, object?>? hyperparameters = null)
    {
        var entry = Constraints.FirstOrDefault(c => Normalize(c.Name) == Normalize(name));
        if (entry.Name is null)
            throw new InputException($"unknown constraint '{name}'" + NameMatcher.Suggest(name, Constraints.Select(c => c.Name)));
        var v = HyperParameterValues.Bind(entry.Name, entry.Parameters, hyperparameters);
        return new ScoreLikelihoodPenalty(v.Number("coefficient"), v.OptionalText("chosen_column"), v.OptionalText("rejected_column"));
    }

    private static string Normalize(string s) => s.Trim().ToLowerInvariant().Replace('_', '-');
}
