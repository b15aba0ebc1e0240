using System.CommandLine;
using System.Diagnostics;
using System.Text;
using SharpAlign.Tokenization;

namespace SharpAlign.Cli.Commands;

/// <summary>
/// <c>sharpalign bench tokenize</c>: single-thread encoding throughput (MB of UTF-8 input per
/// second) on a text file, or on generated English-like text. Prints one JSON line with the
/// wall-clock rate and the rate per second of process CPU time (the honest single-core figure
/// on a shared, oversubscribed machine; it includes GC work).
/// </summary>
public sealed class BenchTokenizeCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "bench";

    /// <inheritdoc />
    public Command Create()
    {
        var tokenizerOpt = new Option<string>("--tokenizer") { Description = "Folder with tokenizer.json.", Required = true };
        var fileOpt = new Option<string?>("--file") { Description = "UTF-8 text to encode (default: generated English-like text)." };
        var mbOpt = new Option<double>("--mb") { Description = "Size of the generated text in MB.", DefaultValueFactory = _ => 4 };
        var repeatOpt = new Option<int>("--repeat") { Description = "Timed passes (the best is reported).", DefaultValueFactory = _ => 3 };
        var linesOpt = new Option<bool>("--lines") { Description = "Encode line by line (one Encode call per line) instead of the whole text at once." };
        var cmd = new Command("tokenize", "Measure single-thread encoding speed in MB/s.");
        cmd.Options.Add(tokenizerOpt);
        cmd.Options.Add(fileOpt);
        cmd.Options.Add(mbOpt);
        cmd.Options.Add(repeatOpt);
        cmd.Options.Add(linesOpt);
        cmd.SetAction(pr =>
        {
            var tokenizer = HuggingFaceTokenizer.FromDirectory(pr.GetValue(tokenizerOpt)!);
            string? file = pr.GetValue(fileOpt);
            if (file is not null && !File.Exists(file)) throw new InputException($"--file not found: {file}");
            string text = file is not null ? File.ReadAllText(file) : EnglishLikeText.Generate((int)(pr.GetValue(mbOpt) * 1_000_000), seed: 1);
            string[] units = pr.GetValue(linesOpt) ? text.Split('\n') : [text];
            long bytes = Encoding.UTF8.GetByteCount(text);
            long tokens = 0;
            double bestWall = double.MaxValue, bestCpu = double.MaxValue;
            using var process = Process.GetCurrentProcess();
            for (int r = 0; r < Math.Max(1, pr.GetValue(repeatOpt)); r++)
            {
                tokens = 0;
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                foreach (var u in units) tokens += tokenizer.Encode(u, addSpecialTokens: false).Length;
                bestWall = Math.Min(bestWall, sw.Elapsed.TotalSeconds);
                process.Refresh();
                bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu0).TotalSeconds);
            }
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"{{\"bench\":\"tokenize\",\"source\":\"{(file is null ? "generated" : "file")}\",\"bytes\":{bytes},\"tokens\":{tokens}," +
                $"\"wall_s\":{bestWall:F4},\"cpu_s\":{bestCpu:F4},\"mb_per_s_wall\":{bytes / 1e6 / bestWall:F2},\"mb_per_s_cpu\":{bytes / 1e6 / bestCpu:F2},\"threads\":1}}"));
            return 0;
        });
        return cmd;
    }
}
