using System.CommandLine;
using System.Reflection;

namespace SharpAlign.Cli;

/// <summary>Entry point: assembles the commands found in this assembly and runs one.</summary>
public static class Program
{
    /// <summary>Group descriptions shown in help.</summary>
    private static readonly Dictionary<string, string> GroupHelp = new()
    {
        ["bench"] = "Benchmarks that print JSON lines.",
        ["data"] = "Inspect and validate preference datasets.",
        ["tokenizer"] = "Build tokenizers.",
    };

    /// <summary>Runs the tool; returns the process exit code.</summary>
    public static int Main(string[] args)
    {
        try
        {
            // The default handler would print a stack trace for every exception: input errors get a clean message instead.
            return BuildRoot().Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (InputException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    /// <summary>The root command with every discovered command attached.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("SharpAlign: preference optimization (DPO and its family) for small language models, in C#.");
        var groups = new Dictionary<string, Command>();
        var commands = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
            .Select(c => (c.Group, Command: c.Create()))
            .OrderBy(c => c.Group).ThenBy(c => c.Command.Name);
        foreach (var (group, command) in commands)
        {
            if (group is null) { root.Subcommands.Add(command); continue; }
            if (!groups.TryGetValue(group, out var parent))
            {
                parent = new Command(group, GroupHelp.GetValueOrDefault(group, group));
                groups[group] = parent;
                root.Subcommands.Add(parent);
            }
            parent.Subcommands.Add(command);
        }
        return root;
    }
}
