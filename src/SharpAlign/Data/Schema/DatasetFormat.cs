namespace SharpAlign.Data.Schema;

/// <summary>The dataset schemas understood (TRL's dataset formats, formats.md §6.3).</summary>
public enum DatasetFormat
{
    /// <summary>Detect from the first row's columns.</summary>
    Auto,
    /// <summary><c>prompt</c>, <c>chosen</c>, <c>rejected</c> strings.</summary>
    Standard,
    /// <summary><c>prompt</c>, <c>chosen</c>, <c>rejected</c> as lists of {role, content}; optional <c>system</c>.</summary>
    Conversational,
    /// <summary><c>chosen</c>, <c>rejected</c> only (strings or conversations); the prompt is their common prefix.</summary>
    ImplicitPrompt,
    /// <summary><c>prompt</c>, <c>completion</c>, <c>label</c> (bool), for KTO.</summary>
    Unpaired,
    /// <summary><c>prompt_input_ids</c>, <c>chosen_input_ids</c>, <c>rejected_input_ids</c>.</summary>
    PreTokenized,
}

/// <summary>Names of formats as users write them (<c>--format implicit_prompt</c>).</summary>
public static class DatasetFormatNames
{
    private static readonly (DatasetFormat Format, string Name)[] Names =
    [
        (DatasetFormat.Auto, "auto"), (DatasetFormat.Standard, "standard"), (DatasetFormat.Conversational, "conversational"),
        (DatasetFormat.ImplicitPrompt, "implicit_prompt"), (DatasetFormat.Unpaired, "unpaired"), (DatasetFormat.PreTokenized, "pretokenized"),
    ];

    /// <summary>The snake_case name of a format.</summary>
    public static string Name(this DatasetFormat format) => Names.First(n => n.Format == format).Name;

    /// <summary>Parses a name (case-insensitive; '-' and '_' alike).</summary>
    public static DatasetFormat Parse(string name)
    {
        string key = name.Trim().ToLowerInvariant().Replace('-', '_');
        foreach (var (format, n) in Names)
            if (n == key || n.Replace("_", "") == key) return format;
        throw new InputException($"unknown dataset format '{name}'; expected one of {string.Join(", ", Names.Select(n => n.Name))}");
    }
}
