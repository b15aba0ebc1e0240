using System.Diagnostics;

namespace SharpAlign.Training.Checkpoints;

/// <summary>
/// Crash testing: with <c>SHARPALIGN_FAULT=kill-in-checkpoint:STEP</c> the process kills itself
/// (SIGKILL, no cleanup) halfway through writing the checkpoint of that step, after its files are
/// written and before the folder is renamed into place. Used by the tests that prove a crash at
/// that instant leaves the previous checkpoint intact and resume exact. Unset, it does nothing.
/// </summary>
internal static class FaultInjection
{
    private static readonly string? Fault = Environment.GetEnvironmentVariable("SHARPALIGN_FAULT");

    /// <summary>Kills the process when the fault names this checkpoint step.</summary>
    public static void InCheckpoint(int step)
    {
        if (Fault == $"kill-in-checkpoint:{step}") Process.GetCurrentProcess().Kill();
    }
}
