using System.Globalization;

namespace SharpAlign.Objectives;

/// <summary>The value type of a hyperparameter.</summary>
public enum HyperParameterKind
{
    /// <summary>A real number.</summary>
    Number,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>true / false.</summary>
    Boolean,
    /// <summary>One of <see cref="HyperParameter.Choices"/>.</summary>
    Choice,
    /// <summary>A list of real numbers.</summary>
    NumberList,
    /// <summary>Free text (e.g. a column name).</summary>
    Text,
}

/// <summary>
/// One hyperparameter of an objective, by its TRL / paper name, with its default and valid range.
/// Plain data: the registry lists these, configs and the CLI validate against them.
/// </summary>
public sealed record HyperParameter(string Name, HyperParameterKind Kind, object? Default, string Description)
{
    /// <summary>Smallest allowed value (numbers), or null.</summary>
    public double? Min { get; init; }
    /// <summary>Largest allowed value (numbers), or null.</summary>
    public double? Max { get; init; }
    /// <summary>True when <see cref="Min"/> itself is not allowed.</summary>
    public bool MinExclusive { get; init; }
    /// <summary>True when <see cref="Max"/> itself is not allowed.</summary>
    public bool MaxExclusive { get; init; }
    /// <summary>Allowed values of a <see cref="HyperParameterKind.Choice"/>.</summary>
    public string[]? Choices { get; init; }
    /// <summary>True when the user must give a value (no default).</summary>
    public bool Required { get; init; }

    /// <summary>A number in [min, max] (or the exclusive variants).</summary>
    public static HyperParameter Number(string name, double? def, string description, double? min = null, double? max = null,
        bool minExclusive = false, bool maxExclusive = false) =>
        new(name, HyperParameterKind.Number, def, description) { Min = min, Max = max, MinExclusive = minExclusive, MaxExclusive = maxExclusive };

    /// <summary>true/false.</summary>
    public static HyperParameter Bool(string name, bool def, string description) => new(name, HyperParameterKind.Boolean, def, description);

    /// <summary>One of a fixed set of strings.</summary>
    public static HyperParameter Choice(string name, string def, string description, params string[] choices) =>
        new(name, HyperParameterKind.Choice, def, description) { Choices = choices };

    /// <summary>A list of numbers (no default).</summary>
    public static HyperParameter List(string name, string description, double? min = null) =>
        new(name, HyperParameterKind.NumberList, null, description) { Min = min };

    /// <summary>Free text.</summary>
    public static HyperParameter Text(string name, string? def, string description) => new(name, HyperParameterKind.Text, def, description);

    /// <summary>The default as shown in tables ("none" when there is none, "required" when it must be given).</summary>
    public string DefaultText => Required ? "required" : Format(Default);

    /// <summary>Formats a value the way configs write it.</summary>
    public static string Format(object? v) => v switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IEnumerable<double> l => "[" + string.Join(", ", l.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Converts a raw config value (number, string, bool, list) to this parameter's type, checking its range.</summary>
    public object? Parse(object? raw, string objective)
    {
        string where = $"objective '{objective}', hyperparameter '{Name}'";
        if (raw is null) return null;
        switch (Kind)
        {
            case HyperParameterKind.Number:
            case HyperParameterKind.Integer:
            {
                double v = ToDouble(raw, where);
                if (Kind == HyperParameterKind.Integer && v != Math.Floor(v))
                    throw new InputException($"{where}: expected a whole number, got {Format(raw)}");
                CheckRange(v, where);
                return v;
            }
            case HyperParameterKind.Boolean:
                if (raw is bool b) return b;
                if (raw is string bs && bool.TryParse(bs.Trim(), out var sb)) return sb;
                throw new InputException($"{where}: expected true or false, got {Format(raw)}");
            case HyperParameterKind.Choice:
            {
                string s = Convert.ToString(raw, CultureInfo.InvariantCulture)?.Trim() ?? "";
                var hit = Choices!.FirstOrDefault(c => string.Equals(c, s, StringComparison.OrdinalIgnoreCase));
                if (hit is null)
                    throw new InputException($"{where}: '{s}' is not one of {string.Join(", ", Choices!)}" + NameMatcher.Suggest(s, Choices!));
                return hit;
            }
            case HyperParameterKind.NumberList:
            {
                IEnumerable<object?> items = raw switch
                {
                    string ls => ls.Trim().TrimStart('[').TrimEnd(']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    System.Collections.IEnumerable e => e.Cast<object?>(),
                    _ => [raw],
                };
                var list = items.Select(x => ToDouble(x, where)).ToArray();
                foreach (var v in list) CheckRange(v, where);
                return list;
            }
            default:
                return Convert.ToString(raw, CultureInfo.InvariantCulture);
        }
    }

    private void CheckRange(double v, string where)
    {
        bool low = Min is { } lo && (MinExclusive ? v <= lo : v < lo);
        bool high = Max is { } hi && (MaxExclusive ? v >= hi : v > hi);
        if (low || high)
            throw new InputException($"{where}: {v.ToString("R", CultureInfo.InvariantCulture)} is outside the allowed range {RangeText}");
    }

    /// <summary>The allowed range as text, e.g. "[0, 0.5)"; empty when unbounded.</summary>
    public string RangeText =>
        Min is null && Max is null ? "" :
        (MinExclusive || Min is null ? "(" : "[") + (Min?.ToString("R", CultureInfo.InvariantCulture) ?? "-inf") + ", " +
        (Max?.ToString("R", CultureInfo.InvariantCulture) ?? "inf") + (MaxExclusive || Max is null ? ")" : "]");

    private static double ToDouble(object? raw, string where)
    {
        switch (raw)
        {
            case double d when double.IsFinite(d): return d;
            case float f when float.IsFinite(f): return f;
            case int i: return i;
            case long l: return l;
            case decimal m: return (double)m;
            case string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && double.IsFinite(p): return p;
            default: throw new InputException($"{where}: expected a finite number, got '{Format(raw)}'");
        }
    }
}
