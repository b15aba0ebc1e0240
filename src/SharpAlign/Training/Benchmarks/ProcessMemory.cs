namespace SharpAlign.Training.Benchmarks;

/// <summary>Process memory counters, as the peer benchmark reads them (lifetime peak RSS).</summary>
public static class ProcessMemory
{
    /// <summary>
    /// Peak resident set size of this process in MiB: <c>VmHWM</c> from /proc/self/status (what
    /// getrusage's ru_maxrss reports on Linux); elsewhere the current peak working set.
    /// </summary>
    public static double PeakRssMb()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
            foreach (var line in File.ReadLines(status))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
                }
        return System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
