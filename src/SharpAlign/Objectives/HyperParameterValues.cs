namespace SharpAlign.Objectives;

/// <summary>
/// Validated hyperparameter values of one objective: every declared parameter has its given value
/// or its default. Built by <see cref="ObjectiveRegistry"/>; read by the objective factories.
/// </summary>
public sealed class HyperParameterValues
{
    private readonly Dictionary<string, object?> _values;
    private readonly HashSet<string> _given;

    /// <summary>Name of the objective the values belong to (for error messages).</summary>
    public string Objective { get; }

    internal HyperParameterValues(string objective, Dictionary<string, object?> values, HashSet<string> given)
    {
        Objective = objective;
        _values = values;
        _given = given;
    }

    /// <summary>Validates <paramref name="raw"/> against <paramref name="specs"/>: unknown names and bad values throw <see cref="InputException"/>.</summary>
    public static HyperParameterValues Bind(string objective, IReadOnlyList<HyperParameter> specs, IReadOnlyDictionary<string, object?>? raw)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var given = new HashSet<string>(StringComparer.Ordinal);
        var byName = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var (name, v) in raw ?? new Dictionary<string, object?>())
        {
            if (!byName.TryGetValue(name, out var spec))
                throw new InputException($"objective '{objective}' has no hyperparameter '{name}'" + NameMatcher.Suggest(name, byName.Keys) +
                    $" (valid: {string.Join(", ", specs.Select(s => s.Name))})");
            values[name] = spec.Parse(v, objective);
            given.Add(name);
        }
        foreach (var spec in specs)
        {
            if (values.ContainsKey(spec.Name)) continue;
            if (spec.Required) throw new InputException($"objective '{objective}' needs hyperparameter '{spec.Name}' ({spec.Description})");
            values[spec.Name] = spec.Default;
        }
        return new HyperParameterValues(objective, values, given);
    }

    /// <summary>True when the user gave this parameter explicitly (not its default).</summary>
    public bool IsGiven(string name) => _given.Contains(name);

    /// <summary>A number parameter.</summary>
    public double Number(string name) => (double)Get(name)!;

    /// <summary>A number parameter without default, or null.</summary>
    public double? OptionalNumber(string name) => (double?)Get(name);

    /// <summary>A boolean parameter.</summary>
    public bool Bool(string name) => (bool)Get(name)!;

    /// <summary>A choice or text parameter.</summary>
    public string Text(string name) => (string)Get(name)!;

    /// <summary>A text parameter without default, or null.</summary>
    public string? OptionalText(string name) => (string?)Get(name);

    /// <summary>A number-list parameter, or null.</summary>
    public double[]? NumberList(string name) => (double[]?)Get(name);

    private object? Get(string name) =>
        _values.TryGetValue(name, out var v) ? v : throw new InvalidOperationException($"hyperparameter '{name}' is not declared for '{Objective}'");
}
