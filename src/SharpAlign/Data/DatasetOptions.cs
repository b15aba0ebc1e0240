using SharpAlign.Data.Schema;

namespace SharpAlign.Data;

/// <summary>Where the data is and how to read it, as plain data (config fields or CLI options).</summary>
public sealed record DatasetOptions
{
    /// <summary>A data file or a Hub-style folder.</summary>
    public required string Path { get; init; }

    /// <summary>The split to read from a folder.</summary>
    public string Split { get; init; } = "train";

    /// <summary>The schema; <see cref="DatasetFormat.Auto"/> detects it from the first row.</summary>
    public DatasetFormat Format { get; init; } = DatasetFormat.Auto;

    /// <summary>Column renames (field → dataset column).</summary>
    public ColumnMap Columns { get; init; } = new();

    /// <summary>Skip invalid rows and count them by reason, instead of stopping at the first.</summary>
    public bool SkipInvalid { get; init; }
}
