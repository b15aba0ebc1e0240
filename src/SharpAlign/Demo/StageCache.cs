using System.Security.Cryptography;
using System.Text;

namespace SharpAlign.Demo;

/// <summary>
/// Marks a finished pipeline stage: a <c>.stage-key</c> file in the stage's folder holds a hash of
/// everything the stage's output depends on (its options and the keys of the stages before it).
/// The marker is written last, so an interrupted stage is redone, and a changed option redoes the
/// stage and every stage after it.
/// </summary>
public static class StageCache
{
    private const string MarkerFile = ".stage-key";

    /// <summary>A short stable hash of <paramref name="parts"/>.</summary>
    public static string Key(params object[] parts)
    {
        string text = string.Join("|", parts.Select(p => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture)));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
    }

    /// <summary>True when <paramref name="dir"/> holds a finished stage with this key.</summary>
    public static bool IsDone(string dir, string key)
    {
        string marker = Path.Combine(dir, MarkerFile);
        return File.Exists(marker) && File.ReadAllText(marker).Trim() == key;
    }

    /// <summary>Clears a stage folder before the stage runs (an old marker must not survive a rerun).</summary>
    public static void Reset(string dir)
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
    }

    /// <summary>Marks the stage in <paramref name="dir"/> finished.</summary>
    public static void Complete(string dir, string key) => File.WriteAllText(Path.Combine(dir, MarkerFile), key + "\n");
}
