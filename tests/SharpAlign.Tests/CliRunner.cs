using SharpAlign.Cli;

namespace SharpAlign.Tests;

/// <summary>
/// Runs the <c>sharpalign</c> entry point in-process with the console captured. The console is
/// process-wide, so every test that redirects it goes through this one lock.
/// </summary>
internal static class CliRunner
{
    private static readonly object ConsoleLock = new();

    /// <summary>Exit code, standard output and standard error of <c>sharpalign args…</c>.</summary>
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        lock (ConsoleLock)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            var (output, error) = (new StringWriter(), new StringWriter());
            try
            {
                Console.SetOut(output);
                Console.SetError(error);
                int code = Program.Main(args);
                return (code, output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }
}
