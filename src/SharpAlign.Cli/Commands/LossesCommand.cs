using System.CommandLine;
using System.Text.Json;
using SharpAlign.Objectives;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SharpAlign.Cli.Commands;

/// <summary>
/// <c>sharpalign losses [name] [--json]</c>: the objective catalogue from <see cref="ObjectiveRegistry"/> —
/// name, whether a reference model is needed, hyperparameters with defaults, formula, source; with a
/// name, that objective's hyperparameters in detail. <c>--json</c> prints the same as JSON.
/// </summary>
public sealed class LossesCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var name = new Argument<string?>("name") { Description = "Show one objective (its hyperparameters in detail).", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var cmd = new Command("losses", "List the training objectives (loss types) with hyperparameters, formulas and sources.");
        cmd.Arguments.Add(name);
        cmd.Options.Add(json);
        cmd.SetAction(pr =>
        {
            var one = pr.GetValue(name);
            IReadOnlyList<ObjectiveInfo> entries;
            try
            {
                entries = one is null ? ObjectiveRegistry.All : [ObjectiveRegistry.Get(one)];
            }
            catch (InputException e)
            {
                // System.CommandLine handles exceptions thrown by actions itself, so report here (exit 2, no stack trace).
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            if (pr.GetValue(json)) WriteJson(Console.Out, entries, includeConstraints: one is null);
            else Render(Console.Out, entries, detail: one is not null, width: Console.IsOutputRedirected ? 200 : Math.Max(120, Console.WindowWidth));
            return 0;
        });
        return cmd;
    }

    /// <summary>Writes the catalogue (or one entry in detail) as a table.</summary>
    public static void Render(TextWriter writer, IReadOnlyList<ObjectiveInfo> entries, bool detail, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        if (!detail)
        {
            var table = new Table().Border(TableBorder.Simple).Expand();
            foreach (var h in new[] { "name", "ref?", "kind", "hyperparameters (defaults)", "per-example loss", "source" }) table.AddColumn(h);
            foreach (var e in entries)
                table.AddRow(T(e.Name + (e.Aliases.Count > 0 ? $" ({string.Join(", ", e.Aliases)})" : "")), T(e.NeedsReference ? "yes" : "no"),
                    T(e.Kind == ObjectiveKind.Paired ? "paired" : "unpaired"), T(string.Join(", ", e.MainParameters.Select(p => $"{p.Name}={p.DefaultText}"))),
                    T(e.Formula), T(e.Source));
            console.Write(table);
            console.WriteLine("DPO-family entries (source trl/trainer/dpo_trainer.py and CustomPOs) also take: " +
                string.Join(", ", ObjectiveRegistry.Get("hinge").Parameters.Where(p => p.Name != "beta").Select(p => $"{p.Name}={p.DefaultText}")) +
                "; combine them with loss_type: [a, b, …] and loss_weights.");
            console.WriteLine("Constraint terms: " + string.Join("; ", ObjectiveRegistry.Constraints.Select(c =>
                $"{c.Name} ({string.Join(", ", c.Parameters.Select(p => $"{p.Name}={p.DefaultText}"))}): {c.Description}")));
            return;
        }
        foreach (var e in entries)
        {
            console.WriteLine($"{e.Name} — {(e.Kind == ObjectiveKind.Paired ? "paired" : "unpaired")}, reference model {(e.NeedsReference ? "needed" : "not needed")}");
            console.WriteLine($"loss: {e.Formula}");
            console.WriteLine($"source: {e.Source}");
            var table = new Table().Border(TableBorder.Simple).Expand();
            foreach (var h in new[] { "hyperparameter", "default", "allowed", "meaning" }) table.AddColumn(h);
            foreach (var p in e.Parameters)
                table.AddRow(T(p.Name), T(p.DefaultText), T(p.Choices is null ? p.RangeText : string.Join(" | ", p.Choices)), T(p.Description));
            console.Write(table);
        }
    }

    /// <summary>Writes the catalogue as JSON: objectives (and, for the full list, constraint terms).</summary>
    public static void WriteJson(TextWriter writer, IReadOnlyList<ObjectiveInfo> entries, bool includeConstraints)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("objectives");
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteString("name", e.Name);
                w.WriteStartArray("aliases");
                foreach (var a in e.Aliases) w.WriteStringValue(a);
                w.WriteEndArray();
                w.WriteString("family", e.Family);
                w.WriteString("kind", e.Kind == ObjectiveKind.Paired ? "paired" : "unpaired");
                w.WriteBoolean("needs_reference", e.NeedsReference);
                w.WriteString("formula", e.Formula);
                w.WriteString("source", e.Source);
                WriteParameters(w, e.Parameters);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (includeConstraints)
            {
                w.WriteStartArray("constraints");
                foreach (var c in ObjectiveRegistry.Constraints)
                {
                    w.WriteStartObject();
                    w.WriteString("name", c.Name);
                    w.WriteString("formula", c.Description);
                    WriteParameters(w, c.Parameters);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        writer.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteParameters(Utf8JsonWriter w, IReadOnlyList<HyperParameter> parameters)
    {
        w.WriteStartArray("hyperparameters");
        foreach (var p in parameters)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteString("type", p.Kind.ToString().ToLowerInvariant());
            w.WritePropertyName("default");
            switch (p.Default)
            {
                case null: w.WriteNullValue(); break;
                case double d: w.WriteNumberValue(d); break;
                case bool b: w.WriteBooleanValue(b); break;
                default: w.WriteStringValue(HyperParameter.Format(p.Default)); break;
            }
            w.WriteBoolean("required", p.Required);
            if (p.RangeText.Length > 0) w.WriteString("range", p.RangeText);
            if (p.Choices is not null)
            {
                w.WriteStartArray("choices");
                foreach (var c in p.Choices) w.WriteStringValue(c);
                w.WriteEndArray();
            }
            w.WriteString("description", p.Description);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static IRenderable T(string s) => new Text(s);
}
