using System.CommandLine;
using Spectre.Console;
using SharpAlign.Training;
using SharpAlign.Training.Config;

namespace SharpAlign.Cli.Commands;

/// <summary>
/// <c>sharpalign train CONFIG.yaml [--key value …]</c>: preference (dpo), SFT or unpaired (kto)
/// training from a TRL / alignment-handbook style recipe; command-line values override the file.
/// Ctrl+C finishes the current step, saves a checkpoint and exits.
/// </summary>
public sealed class TrainCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var config = new Argument<string?>("config") { Description = "YAML recipe (TRL / transformers / alignment-handbook field names)", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("train", "Train a model: preference (trainer: dpo), supervised (sft) or unpaired (kto). Any config key can be given as --key value.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        cmd.Arguments.Add(config);
        cmd.SetAction(pr => Run(pr.GetValue(config), pr.UnmatchedTokens));
        return cmd;
    }

    private static int Run(string? path, IReadOnlyList<string> overrides)
    {
        var (c, warnings) = ConfigReader.Read(path, overrides);
        foreach (var w in warnings) Console.Error.WriteLine("warning: " + w);
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (cts.IsCancellationRequested) return;
            e.Cancel = true;
            cts.Cancel();
            Console.Error.WriteLine("stopping after this step (Ctrl+C again to abort without saving)…");
        };
        using var trainer = TrainerBuilder.Build(c, line => Console.Error.WriteLine(line));
        Console.Error.WriteLine($"training: {trainer.TotalSteps} optimizer steps, {trainer.BatchesPerEpoch} micro-batches per epoch, output {c.OutputDir}");
        var result = Console.IsErrorRedirected || Console.IsOutputRedirected
            ? trainer.Train(cts.Token, new InlineProgress<TrainingProgress>(p => Console.Error.WriteLine(PlainLine(p))))
            : WithProgressBar(trainer, cts.Token);
        Console.WriteLine(result.Cancelled
            ? $"cancelled at step {result.GlobalStep}; resume with --resume_from_checkpoint {result.LastCheckpoint}"
            : $"done: {result.GlobalStep} steps in {result.TrainSeconds:F1} s ({result.SkippedSteps} skipped); model written to {result.ModelPath}");
        return 0;
    }

    private static string PlainLine(TrainingProgress p)
    {
        string line = $"step {p.Step}/{p.TotalSteps} epoch {p.Epoch:F2} loss {p.Loss:F4}" +
            (p.RewardAccuracy is double a ? $" acc {a:F2}" : "") + $" {p.TokensPerSecond:F0} tok/s" +
            (p.Eta is { } eta ? $" eta {eta:hh\\:mm\\:ss}" : "");
        return p.Message is null ? line : line + " | " + p.Message;
    }

    private static TrainingResult WithProgressBar(Trainer trainer, CancellationToken cancel)
    {
        TrainingResult? result = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("training", maxValue: trainer.TotalSteps);
                var progress = new InlineProgress<TrainingProgress>(p =>
                {
                    task.Value = p.Step;
                    task.Description = $"loss {p.Loss:F4}" + (p.RewardAccuracy is double a ? $" acc {a:F2}" : "") + $" {p.TokensPerSecond:F0} tok/s";
                    if (p.Message is not null) AnsiConsole.MarkupLine(Markup.Escape(p.Message));
                });
                result = trainer.Train(cancel, progress);
            });
        return result!;
    }
}
