using System.Globalization;
using System.Text.Json;
using SharpAlign.Data.Reading;

namespace SharpAlign.Data.Schema;

/// <summary>
/// Typed access to the fields of a <see cref="RawRow"/> through a <see cref="ColumnMap"/>. A bad
/// field throws <see cref="RowProblemException"/> naming it; CSV cells (all text) are parsed into
/// booleans, numbers and id lists.
/// </summary>
internal readonly struct FieldReader(RawRow row, ColumnMap columns)
{
    /// <summary>True when the field is present and not null.</summary>
    public bool Has(string field) => TryGet(field, out _);

    /// <summary>True when the field holds a JSON array (a conversation or an id list).</summary>
    public bool IsList(string field) => TryGet(field, out var v) && v.ValueKind == JsonValueKind.Array;

    private bool TryGet(string field, out JsonElement value) =>
        row.Value.TryGetProperty(columns.Column(field), out value) && value.ValueKind != JsonValueKind.Null;

    private JsonElement Required(string field) =>
        TryGet(field, out var v) ? v : throw Problem(DropReason.MissingField, field, "required field is missing or null" + ColumnNote(field));

    /// <summary>" (read from column 'x')" when <paramref name="field"/> is remapped, else empty.</summary>
    public string ColumnNote(string field)
    {
        string root = field.Split('[', '.')[0];
        return columns.Column(root) == root ? "" : $" (read from column '{columns.Column(root)}')";
    }

    /// <summary>A string field.</summary>
    public string String(string field)
    {
        var v = Required(field);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw WrongType(field, "a string", v);
    }

    /// <summary>A string or a list of {role, content} messages.</summary>
    public RowText Text(string field)
    {
        var v = Required(field);
        if (v.ValueKind == JsonValueKind.String) return RowText.FromText(v.GetString()!);
        if (v.ValueKind != JsonValueKind.Array) throw WrongType(field, "a string or a list of {role, content} messages", v);
        var messages = new List<ChatMessage>(v.GetArrayLength());
        int i = 0;
        foreach (var m in v.EnumerateArray())
        {
            if (m.ValueKind != JsonValueKind.Object) throw WrongType($"{field}[{i}]", "a {role, content} object", m);
            messages.Add(new ChatMessage(MessagePart(m, field, i, "role"), MessagePart(m, field, i, "content")));
            i++;
        }
        return RowText.FromMessages(messages);
    }

    private string MessagePart(JsonElement m, string field, int i, string key)
    {
        if (!m.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
            throw Problem(DropReason.MissingField, $"{field}[{i}].{key}", "message has no " + key);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw WrongType($"{field}[{i}].{key}", "a string", v);
    }

    /// <summary>A text field, or null when absent.</summary>
    public RowText? OptionalText(string field) => Has(field) ? Text(field) : null;

    /// <summary>A boolean (CSV: true/false/1/0, any case).</summary>
    public bool Bool(string field)
    {
        var v = Required(field);
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        if (row.CellsAreText && v.ValueKind == JsonValueKind.String)
            switch (v.GetString()!.Trim().ToLowerInvariant())
            {
                case "true" or "1": return true;
                case "false" or "0": return false;
            }
        throw WrongType(field, "a boolean (true/false)", v);
    }

    /// <summary>A finite number, or null when absent (CSV: an empty cell is absent).</summary>
    public double? OptionalNumber(string field)
    {
        if (!TryGet(field, out var v)) return null;
        double x;
        if (v.ValueKind == JsonValueKind.Number) x = v.GetDouble();
        else if (row.CellsAreText && v.ValueKind == JsonValueKind.String)
        {
            string s = v.GetString()!.Trim();
            if (s.Length == 0) return null;
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out x)) throw WrongType(field, "a number", v);
        }
        else throw WrongType(field, "a number", v);
        return double.IsFinite(x) ? x : throw Problem(DropReason.WrongType, field, $"expected a finite number, found {x}");
    }

    /// <summary>A list of token ids (CSV: a JSON array written in the cell).</summary>
    public int[] Ids(string field)
    {
        var v = Required(field);
        if (row.CellsAreText && v.ValueKind == JsonValueKind.String)
        {
            try { v = JsonDocument.Parse(v.GetString()!).RootElement.Clone(); }
            catch (JsonException) { throw WrongType(field, "a list of token ids like [1, 2, 3]", v); }
        }
        if (v.ValueKind != JsonValueKind.Array) throw WrongType(field, "a list of token ids", v);
        var ids = new int[v.GetArrayLength()];
        int i = 0;
        foreach (var e in v.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out ids[i]) || ids[i] < 0)
                throw WrongType($"{field}[{i}]", "a non-negative integer token id", e);
            i++;
        }
        return ids;
    }

    /// <summary>The row's column names (for messages).</summary>
    public IEnumerable<string> ColumnNames() => row.Value.EnumerateObject().Select(p => p.Name);

    public static RowProblemException Problem(string reason, string field, string message) => new(new RowProblem(reason, field, message));

    private RowProblemException WrongType(string field, string expected, JsonElement found) =>
        Problem(DropReason.WrongType, field, $"expected {expected}, found {Describe(found)}" + ColumnNote(field));

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {v.GetRawText()}",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => v.ValueKind.ToString().ToLowerInvariant(),
    };
}

/// <summary>Carries a <see cref="RowProblem"/> out of field parsing to the row parser, which turns it into a result.</summary>
internal sealed class RowProblemException(RowProblem problem) : Exception(problem.Message)
{
    /// <summary>The problem.</summary>
    public RowProblem Problem { get; } = problem;
}
