using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using SharpAlign.Tokenization;

namespace SharpAlign.Tests.Tokenization;

/// <summary>
/// Encoding speed with the GPT-2 vocabulary (the issue asks for at least 5 MB/s on one core).
/// Measured in CPU time of the test's thread (process CPU time off Linux), which stays
/// meaningful on a shared, oversubscribed machine and ignores tests running in parallel.
/// </summary>
public partial class SpeedTests
{
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long Rest0, Rest1, Rest2, Rest3, Rest4, Rest5, Rest6, Rest7, Rest8, Rest9, Rest10, Rest11, Rest12, Rest13;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRUsage(int who, out RUsage usage);

    private static double CpuSeconds()
    {
        if (OperatingSystem.IsLinux() && GetRUsage(1 /* RUSAGE_THREAD */, out var u) == 0)
            return u.UserSeconds + u.SystemSeconds + (u.UserMicroseconds + u.SystemMicroseconds) / 1e6;
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Gpt2EncodesEnglishAtFiveMegabytesPerSecondOrMore()
    {
        var g = TestTokenizers.Gpt2;
        string text = EnglishLikeText.Generate(2_000_000, seed: 5);
        string[] lines = text.Split('\n');
        foreach (var line in lines.Take(200)) g.Encode(line, false); // JIT and a warm word cache, as in a real run
        double bytes = Encoding.UTF8.GetByteCount(text);
        double best = double.MaxValue;
        for (int r = 0; r < 3; r++)
        {
            double cpu0 = CpuSeconds();
            foreach (var line in lines) g.Encode(line, false);
            best = Math.Min(best, CpuSeconds() - cpu0);
        }
        double mbPerSecond = bytes / 1e6 / best;
        Assert.True(mbPerSecond >= 5, $"GPT-2 encoding ran at {mbPerSecond:F2} MB per CPU-second");
    }
}
