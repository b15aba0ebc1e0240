namespace SharpAlign.Data.Schema;

/// <summary>
/// Renames columns: the field SharpAlign expects (<c>prompt</c>) and the dataset's column that holds it
/// (<c>question</c>), as written on the command line: <c>prompt=question</c>.
/// </summary>
public sealed class ColumnMap
{
    /// <summary>Fields that can be remapped.</summary>
    public static readonly string[] Fields =
    [
        "prompt", "chosen", "rejected", "completion", "label", "system",
        "prompt_input_ids", "chosen_input_ids", "rejected_input_ids",
        "score_chosen", "score_rejected", "weight", "best_response",
    ];

    private readonly Dictionary<string, string> _map = new();

    /// <summary>Parses "field=column" entries.</summary>
    public static ColumnMap Parse(IEnumerable<string> entries)
    {
        var map = new ColumnMap();
        foreach (var entry in entries)
        {
            int eq = entry.IndexOf('=');
            if (eq <= 0 || eq == entry.Length - 1)
                throw new InputException($"column mapping '{entry}': expected FIELD=COLUMN, e.g. prompt=question");
            map.Set(entry[..eq].Trim(), entry[(eq + 1)..].Trim());
        }
        return map;
    }

    /// <summary>Reads <paramref name="field"/> from the dataset column <paramref name="column"/>.</summary>
    public void Set(string field, string column)
    {
        if (!Fields.Contains(field))
            throw new InputException($"column mapping: unknown field '{field}'; expected one of {string.Join(", ", Fields)}");
        _map[field] = column;
    }

    /// <summary>The dataset column holding <paramref name="field"/>.</summary>
    public string Column(string field) => _map.GetValueOrDefault(field, field);

    /// <summary>The mappings set, field → column.</summary>
    public IReadOnlyDictionary<string, string> Entries => _map;
}
