using System.Text.Json;
using SharpAlign.Models.IO;

namespace SharpAlign.Training.Logging;

/// <summary>
/// <c>metrics.jsonl</c>: one JSON object per logging step (and per evaluation), flushed as it is
/// written so a crash loses at most the line being written. On resume the file is cut back to the
/// lines at or before the checkpoint's step, so a resumed run's log reads like an uninterrupted one.
/// </summary>
public sealed class MetricsLog : IDisposable
{
    private readonly StreamWriter _writer;

    /// <summary>Path of the file.</summary>
    public string Path { get; }

    /// <summary>Opens (or creates) the log; with <paramref name="resumeStep"/>, drops lines after that step.</summary>
    public MetricsLog(string path, int? resumeStep = null)
    {
        Path = path;
        if (resumeStep is int step && File.Exists(path))
        {
            var kept = File.ReadLines(path).Where(line => StepOf(line) is int s && s <= step).ToList();
            AtomicFile.WriteText(path, kept.Count == 0 ? "" : string.Join('\n', kept) + "\n");
        }
        else if (resumeStep is null && File.Exists(path)) File.Delete(path);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new System.Text.UTF8Encoding(false));
    }

    /// <summary>Appends one entry (must contain "step").</summary>
    public void Write(IReadOnlyDictionary<string, object?> entry)
    {
        _writer.Write(JsonSerializer.Serialize(entry));
        _writer.Write('\n');
        _writer.Flush();
    }

    private static int? StepOf(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.TryGetProperty("step", out var s) && s.TryGetInt32(out int v) ? v : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
