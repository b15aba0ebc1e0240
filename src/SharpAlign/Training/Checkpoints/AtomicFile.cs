namespace SharpAlign.Training.Checkpoints;

/// <summary>Writes a file so that readers see either the old or the complete new contents.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="write"/>'s output to a temporary file beside <paramref name="path"/>, flushes it, then renames it over.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string temp = path + ".tmp-" + Environment.ProcessId;
        using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            write(f);
            f.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes text (UTF-8, no BOM) atomically.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, s => { var bytes = new System.Text.UTF8Encoding(false).GetBytes(text); s.Write(bytes); });
}
