using System.CommandLine;

namespace SharpAlign.Cli;

/// <summary>
/// One command of the <c>sharpalign</c> tool. Implementations are found by reflection, so a new
/// command is one new file in <c>Commands/</c>. A command with a <see cref="Group"/> is placed
/// under that group (<c>sharpalign bench gemm</c>, <c>sharpalign data inspect</c>).
/// </summary>
public interface ICliCommand
{
    /// <summary>Parent command name ("bench", "data", …), or null for a top-level command.</summary>
    string? Group => null;

    /// <summary>Builds the command with its options and action.</summary>
    Command Create();
}
