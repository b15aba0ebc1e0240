using System.Text.Json;

namespace SharpAlign.Data.Reading;

/// <summary>
/// One row as read from a file, before any schema is applied: a JSON object (CSV records become
/// objects of strings), or the problem that made the row unreadable.
/// </summary>
public sealed class RawRow
{
    /// <summary>Where the row came from.</summary>
    public required RowOrigin Origin { get; init; }

    /// <summary>The row object; undefined when <see cref="Problem"/> is set.</summary>
    public JsonElement Value { get; init; }

    /// <summary>True when every cell is text (CSV/TSV): booleans, numbers and id lists are then parsed from strings.</summary>
    public bool CellsAreText { get; init; }

    /// <summary>Why the row could not be read, or null.</summary>
    public RowProblem? Problem { get; init; }
}
