using System.Globalization;

namespace SharpAlign.Training.Config;

/// <summary>
/// A value read from YAML or the command line, converted on demand to the type a field needs.
/// Conversion failures name the key and the source, and say what was expected.
/// </summary>
public sealed record ConfigValue(string Key, object? Raw, string Source)
{
    private InputException Bad(string expected) =>
        new($"{Source}: `{Key}` must be {expected}, got {Describe(Raw)}");

    private static string Describe(object? raw) => raw switch
    {
        null => "nothing (null)",
        string s => $"\"{s}\"",
        IList<object?> => "a list",
        IDictionary<object, object?> => "a mapping",
        _ => raw.ToString() ?? "?",
    };

    /// <summary>True when the YAML value is null or "None"/"null".</summary>
    public bool IsNull => Raw is null || Raw is string s && (s is "" or "~" || s.Equals("null", StringComparison.OrdinalIgnoreCase) || s == "None");

    /// <summary>The value as text.</summary>
    public string AsString() => Raw is string s ? s : Raw is null or IList<object?> or IDictionary<object, object?> ? throw Bad("a string") : Convert.ToString(Raw, CultureInfo.InvariantCulture)!;

    /// <summary>The value as an integer (YAML ints; "1e3"-style floats that are whole numbers too).</summary>
    public int AsInt()
    {
        if (Raw is string s && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) && l is >= int.MinValue and <= int.MaxValue) return (int)l;
        if (Raw is string f && double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue) return (int)d;
        throw Bad("an integer");
    }

    /// <summary>The value as a number (accepts Python-style "1e-6", ".inf" not allowed).</summary>
    public double AsDouble()
    {
        if (Raw is string s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)) return d;
        throw Bad("a finite number");
    }

    /// <summary>The value as a boolean (true/false, True/False, yes/no).</summary>
    public bool AsBool() => Raw is string s ? s.ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        _ => throw Bad("true or false"),
    } : throw Bad("true or false");

    /// <summary>A list of strings; a single string (or comma-separated text from the command line) becomes a list.</summary>
    public List<string> AsStringList() => Raw switch
    {
        IList<object?> list => list.Select((x, i) => new ConfigValue($"{Key}[{i}]", x, Source).AsString()).ToList(),
        string s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList(),
        _ => throw Bad("a string or a list of strings"),
    };

    /// <summary>A list of numbers; a single number becomes a one-element list.</summary>
    public List<double> AsDoubleList() => Raw switch
    {
        IList<object?> list => list.Select((x, i) => new ConfigValue($"{Key}[{i}]", x, Source).AsDouble()).ToList(),
        string s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(x => new ConfigValue(Key, x, Source).AsDouble()).ToList(),
        _ => throw Bad("a number or a list of numbers"),
    };

    /// <summary>A mapping of string keys to values; on the command line written as <c>key=value,key2=value2</c>.</summary>
    public Dictionary<string, ConfigValue> AsMapping() => Raw switch
    {
        IDictionary<object, object?> map => map.ToDictionary(kv => kv.Key.ToString()!, kv => new ConfigValue($"{Key}.{kv.Key}", kv.Value, Source)),
        string s when s.Contains('=') => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv.Length == 2 ? new ConfigValue($"{Key}.{kv[0]}", kv[1], Source) : throw Bad("key=value pairs")),
        _ => throw Bad("a mapping (key: value lines, or key=value,… on the command line)"),
    };

    /// <summary>The raw scalar as the most specific .NET value (bool, long, double or string).</summary>
    public object AsScalar()
    {
        if (Raw is not string s) throw Bad("a single value");
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l)) return l;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return d;
        if (s is "true" or "True") return true;
        if (s is "false" or "False") return false;
        return s;
    }
}
