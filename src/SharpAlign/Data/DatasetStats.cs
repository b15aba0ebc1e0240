using SharpAlign.Data.Schema;

namespace SharpAlign.Data;

/// <summary>What reading a dataset found: counts of rows read, valid, invalid and dropped, by reason.</summary>
public sealed class DatasetStats
{
    /// <summary>The files read, in order.</summary>
    public IReadOnlyList<string> Files { get; internal set; } = [];

    /// <summary>The format in use (detected or forced).</summary>
    public DatasetFormat Format { get; internal set; } = DatasetFormat.Auto;

    /// <summary>"text", "conversational" or "token_ids", from the first valid row.</summary>
    public string? Content { get; internal set; }

    /// <summary>Columns of the first readable row that the format does not use.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; internal set; } = [];

    /// <summary>Rows read from the files (including bad ones).</summary>
    public long RowsRead { get; internal set; }

    /// <summary>Rows that passed validation (and tokenization, when tokenizing).</summary>
    public long RowsValid { get; internal set; }

    /// <summary>Invalid rows skipped (skip-invalid mode), by reason.</summary>
    public SortedDictionary<string, long> Invalid { get; } = new(StringComparer.Ordinal);

    /// <summary>Valid rows dropped by truncation rules (prompt too long, completion emptied, …), by reason.</summary>
    public SortedDictionary<string, long> Dropped { get; } = new(StringComparer.Ordinal);

    /// <summary>The first few messages of skipped or dropped rows, for the user to look at.</summary>
    public List<string> FirstProblems { get; } = new();

    internal void Count(SortedDictionary<string, long> into, string reason, string message)
    {
        into[reason] = into.GetValueOrDefault(reason) + 1;
        if (FirstProblems.Count < 5) FirstProblems.Add(message);
    }
}
