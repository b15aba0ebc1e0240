using System.Globalization;
using System.Runtime.InteropServices;

using SharpAlign.Models.IO;

namespace SharpAlign.Training.Checkpoints;

/// <summary>
/// The <c>output_dir/checkpoint-STEP/</c> folders of a run. A checkpoint is written into a
/// hidden temporary folder, flushed to disk, and renamed into place in one step, so a crash at
/// any instant leaves either the previous set of checkpoints or the new one — never a torn one.
/// Leftover temporary folders from a killed run are ignored and removed on the next save.
/// </summary>
public sealed class CheckpointDirectory
{
    private const string Prefix = "checkpoint-";
    private const string TempPrefix = ".tmp-checkpoint-";

    /// <summary>The run's output folder.</summary>
    public string OutputDir { get; }

    /// <summary>Manages checkpoints under <paramref name="outputDir"/> (created if missing).</summary>
    public CheckpointDirectory(string outputDir)
    {
        OutputDir = outputDir;
        Directory.CreateDirectory(outputDir);
    }

    /// <summary>Path of the checkpoint for <paramref name="step"/>.</summary>
    public string PathFor(int step) => Path.Combine(OutputDir, Prefix + step.ToString(CultureInfo.InvariantCulture));

    /// <summary>Completed checkpoints, oldest step first.</summary>
    public IReadOnlyList<(int Step, string Path)> List() =>
        Directory.EnumerateDirectories(OutputDir, Prefix + "*")
            .Select(d => (Ok: int.TryParse(System.IO.Path.GetFileName(d)[Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int s), Step: s, Path: d))
            .Where(x => x.Ok)
            .OrderBy(x => x.Step)
            .Select(x => (x.Step, x.Path))
            .ToList();

    /// <summary>The newest completed checkpoint, or null when there is none.</summary>
    public string? Latest() => List() is { Count: > 0 } l ? l[^1].Path : null;

    /// <summary>
    /// Writes the checkpoint for <paramref name="step"/>: <paramref name="writeContents"/> fills a
    /// temporary folder, which is then flushed and renamed to <c>checkpoint-STEP</c>. Afterwards
    /// only the newest <paramref name="totalLimit"/> checkpoints are kept (null keeps all).
    /// </summary>
    public string Save(int step, Action<string> writeContents, int? totalLimit = null)
    {
        foreach (var stale in Directory.EnumerateDirectories(OutputDir, TempPrefix + "*"))
            Directory.Delete(stale, recursive: true);
        string final = PathFor(step);
        string temp = Path.Combine(OutputDir, TempPrefix + step.ToString(CultureInfo.InvariantCulture) + "-" + Environment.ProcessId);
        Directory.CreateDirectory(temp);
        writeContents(temp);
        foreach (var file in Directory.EnumerateFiles(temp, "*", SearchOption.AllDirectories)) FlushFile(file);
        FaultInjection.InCheckpoint(step);
        if (Directory.Exists(final))
        {
            string old = final + ".old-" + Environment.ProcessId;
            Directory.Move(final, old);
            Directory.Move(temp, final);
            Directory.Delete(old, recursive: true);
        }
        else Directory.Move(temp, final);
        FlushDirectory(OutputDir);
        if (totalLimit is int limit && limit > 0)
        {
            var all = List();
            for (int i = 0; i < all.Count - limit; i++) Directory.Delete(all[i].Path, recursive: true);
        }
        return final;
    }

    private static void FlushFile(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        f.Flush(flushToDisk: true);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open(string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    // A rename is durable only once the directory entry is on disk: fsync the directory (POSIX).
    private static void FlushDirectory(string dir)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        int fd = open(dir, 0);
        if (fd < 0) return;
        fsync(fd);
        close(fd);
    }
}
