using System.Text.Json;

namespace SharpAlign.Models.IO;

/// <summary>
/// Typed access to the fields of one JSON object read from a file, where every failure becomes an
/// <see cref="InputException"/> naming the file, the field (with its path, e.g. <c>rope_scaling.factor</c>)
/// and the value found. A field that is absent or JSON <c>null</c> counts as "not given".
/// </summary>
internal sealed class JsonFields
{
    private readonly JsonElement _obj;

    /// <summary>The file the object came from (for messages).</summary>
    public string File { get; }

    /// <summary>Dotted path of this object inside the file ("" for the root).</summary>
    public string Prefix { get; }

    /// <summary>Wraps <paramref name="obj"/>, which must be a JSON object.</summary>
    public JsonFields(JsonElement obj, string file, string prefix = "")
    {
        File = file;
        Prefix = prefix;
        if (obj.ValueKind != JsonValueKind.Object)
            throw new InputException($"{file}: {(prefix.Length == 0 ? "the file" : $"field '{prefix}'")} must be a JSON object, got {Show(obj)}");
        _obj = obj;
    }

    /// <summary>Parses a whole file as a JSON object.</summary>
    public static JsonDocument ParseFile(string path)
    {
        if (!System.IO.File.Exists(path)) throw new InputException($"{path}: file not found");
        try
        {
            return JsonDocument.Parse(System.IO.File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
    }

    /// <summary>The full dotted name of a field, for messages.</summary>
    public string Path(string name) => Prefix.Length == 0 ? name : $"{Prefix}.{name}";

    /// <summary>True when the field is present and not null.</summary>
    public bool Has(string name) => _obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>The raw value, or null when absent or JSON null.</summary>
    public JsonElement? Raw(string name) => _obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    /// <summary>True when the field is present (possibly with a JSON null value).</summary>
    public bool Present(string name) => _obj.TryGetProperty(name, out _);

    /// <summary>An exception naming this field, its value and what was expected.</summary>
    public InputException Error(string name, string expected) =>
        new($"{File}: field '{Path(name)}' {expected}, got {(Raw(name) is { } v ? Show(v) : "nothing")}");

    /// <summary>A required integer field.</summary>
    public int Int(string name) => OptionalInt(name) ?? throw new InputException($"{File}: required field '{Path(name)}' is missing");

    /// <summary>An integer field, or <paramref name="fallback"/> when not given.</summary>
    public int Int(string name, int fallback) => OptionalInt(name) ?? fallback;

    /// <summary>An integer field, or null when not given.</summary>
    public int? OptionalInt(string name)
    {
        if (Raw(name) is not { } v) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i)) return i;
        // Some writers emit integral values as floats (e.g. 8192.0).
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue) return (int)d;
        throw Error(name, "must be an integer");
    }

    /// <summary>A positive integer field, or <paramref name="fallback"/> when not given.</summary>
    public int PositiveInt(string name, int fallback)
    {
        int v = Int(name, fallback);
        if (v <= 0) throw Error(name, "must be a positive integer");
        return v;
    }

    /// <summary>A number field, or <paramref name="fallback"/> when not given.</summary>
    public double Double(string name, double fallback) => OptionalDouble(name) ?? fallback;

    /// <summary>A number field, or null when not given.</summary>
    public double? OptionalDouble(string name)
    {
        if (Raw(name) is not { } v) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d)) return d;
        throw Error(name, "must be a finite number");
    }

    /// <summary>A boolean field, or <paramref name="fallback"/> when not given.</summary>
    public bool Bool(string name, bool fallback)
    {
        if (Raw(name) is not { } v) return fallback;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(name, "must be true or false"),
        };
    }

    /// <summary>A string field, or <paramref name="fallback"/> when not given.</summary>
    public string? String(string name, string? fallback = null)
    {
        if (Raw(name) is not { } v) return fallback;
        if (v.ValueKind == JsonValueKind.String) return v.GetString();
        throw Error(name, "must be a string");
    }

    /// <summary>A nested object field, or null when not given.</summary>
    public JsonFields? Object(string name)
    {
        if (Raw(name) is not { } v) return null;
        if (v.ValueKind != JsonValueKind.Object) throw Error(name, "must be a JSON object");
        return new JsonFields(v, File, Path(name));
    }

    /// <summary>An integer or a list of integers (as <c>eos_token_id</c> allows); empty when not given.</summary>
    public int[] IntOrIntList(string name)
    {
        if (Raw(name) is not { } v) return [];
        if (v.ValueKind == JsonValueKind.Number) return [Int(name)];
        if (v.ValueKind != JsonValueKind.Array) throw Error(name, "must be an integer or a list of integers");
        var list = new List<int>();
        foreach (var e in v.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int i)) throw Error(name, "must be an integer or a list of integers");
            list.Add(i);
        }
        return [.. list];
    }

    /// <summary>A list of strings, or null when not given.</summary>
    public string[]? StringList(string name)
    {
        if (Raw(name) is not { } v) return null;
        if (v.ValueKind != JsonValueKind.Array) throw Error(name, "must be a list of strings");
        var list = new List<string>();
        foreach (var e in v.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.String) throw Error(name, "must be a list of strings");
            list.Add(e.GetString()!);
        }
        return [.. list];
    }

    /// <summary>The names of all fields of this object.</summary>
    public IEnumerable<string> Names => _obj.EnumerateObject().Select(p => p.Name);

    /// <summary>A short rendering of a value for error messages (long values are cut).</summary>
    public static string Show(JsonElement v)
    {
        string s = v.GetRawText();
        return s.Length <= 80 ? s : s[..77] + "...";
    }
}
