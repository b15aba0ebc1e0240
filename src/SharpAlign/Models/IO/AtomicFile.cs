namespace SharpAlign.Models.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one: the content
/// goes to a temporary file in the same folder, is flushed to disk, and is then renamed over the
/// target. A failure leaves the target untouched and removes the temporary file.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    public static void Write(string path, Action<FileStream> write)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = $"{full}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Writes text (UTF-8, no byte-order mark) atomically.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, s => s.Write(new System.Text.UTF8Encoding(false).GetBytes(text)));
}
