namespace SharpAlign.Data.Reading;

/// <summary>Where a row came from: the file and the 1-based line (JSONL, JSON, CSV) it starts on.</summary>
/// <param name="File">Path of the source file.</param>
/// <param name="Line">1-based line number of the row's first character.</param>
/// <param name="Row">1-based index of the row within its file.</param>
public readonly record struct RowOrigin(string File, long Line, long Row)
{
    /// <summary>"file, line N (row M)", for messages.</summary>
    public override string ToString() => $"{File}, line {Line} (row {Row})";
}
