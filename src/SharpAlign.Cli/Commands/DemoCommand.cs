using System.CommandLine;
using System.Globalization;
using SharpAlign.Demo;

namespace SharpAlign.Cli.Commands;

/// <summary>
/// <c>sharpalign demo</c>: the whole preference-optimization experiment on an embedded synthetic
/// language — corpus, tokenizer, SFT model, preference pairs, one run per loss and β, evaluation,
/// report.html and summary.json — with cached stages.
/// </summary>
public sealed class DemoCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Smaller corpus and budgets, sigmoid and IPO only (a minute or two)." };
        var output = new Option<string>("--out") { Description = "Folder for every artifact, report.html and summary.json.", DefaultValueFactory = _ => "demo-out" };
        var losses = new Option<string?>("--losses") { Description = $"Comma-separated loss_type values (default: {string.Join(",", DemoOptions.DefaultLosses)}; --quick: sigmoid,ipo)." };
        var betas = new Option<string?>("--betas") { Description = "Comma-separated β values, each used with every loss (default: a per-loss β, plus extra β values for sigmoid)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the corpus, model, sampling and training.", DefaultValueFactory = _ => 1 };
        var set = new Option<string[]>("--set") { Description = "Change a size or budget, NAME=VALUE (e.g. SftSteps=400, PreferenceLearningRate=5e-4); repeatable.", AllowMultipleArgumentsPerToken = false };
        var cmd = new Command("demo", "Run the controlled-sentiment preference-optimization demo end to end and write DIR/report.html.");
        foreach (var o in new Option[] { quick, output, losses, betas, seed, set }) cmd.Options.Add(o);
        cmd.SetAction((pr, cancel) =>
        {
            try
            {
                bool isQuick = pr.GetValue(quick);
                var options = isQuick ? DemoOptions.Quick() : DemoOptions.Default();
                var lossList = Split(pr.GetValue(losses), "--losses");
                var betaList = Split(pr.GetValue(betas), "--betas")?.Select(ParseBeta).ToList();
                if (lossList is not null || betaList is not null)
                {
                    var chosen = lossList ?? options.Runs.Select(r => r.LossType).Distinct().ToList();
                    foreach (var l in chosen) Objectives.ObjectiveRegistry.Get(l);
                    options = options with { Runs = DemoOptions.DefaultRuns(chosen, betaList, extraSigmoidBetas: !isQuick) };
                }
                foreach (var assignment in pr.GetValue(set) ?? []) options = options.WithSetting(assignment);
                options = options with { OutDir = pr.GetValue(output)!, Seed = pr.GetValue(seed) };
                var stderr = pr.InvocationConfiguration.Error;
                var summary = new DemoPipeline(options, stderr.WriteLine).Run(cancel);
                pr.InvocationConfiguration.Output.WriteLine($"report: {Path.GetFullPath(Path.Combine(options.OutDir, "report.html"))}");
                foreach (var r in summary.Runs)
                    pr.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Name,-18} reward {r.RewardBefore:+0.000;-0.000} → {r.RewardAfter:+0.000;-0.000}   KL {r.Kl,6:0.00}   fluency {r.FluencyBefore:P0} → {r.FluencyAfter:P0}"));
                return Task.FromResult(0);
            }
            catch (InputException e)
            {
                pr.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
                return Task.FromResult(2);
            }
        });
        return cmd;
    }

    private static List<string>? Split(string? value, string option)
    {
        if (value is null) return null;
        var parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (parts.Count == 0) throw new InputException($"{option} is empty");
        return parts;
    }

    private static double ParseBeta(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double b) && b > 0 && double.IsFinite(b)
            ? b : throw new InputException($"--betas: '{s}' is not a positive number");
}
