using System.CommandLine;
using System.Globalization;
using SharpAlign.Tensors;

namespace SharpAlign.Cli.Commands;

/// <summary>
/// <c>sharpalign bench gemm</c>: the managed GEMM against OpenBLAS on the linear layers of two model
/// shapes, one JSON line per case and a summary line with the median ratio.
/// </summary>
public sealed class BenchGemmCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "bench";

    /// <inheritdoc />
    public Command Create()
    {
        var threads = new Option<int>("--threads") { Description = "Threads for both back ends (default: SHARPALIGN_THREADS or all cores).", DefaultValueFactory = _ => ComputeThreads.Count };
        var quick = new Option<bool>("--quick") { Description = "Only the SmolLM2-135M shapes at 512 tokens (15 cases)." };
        var rounds = new Option<int>("--rounds") { Description = "Timed rounds per case; the median is reported (at least 5).", DefaultValueFactory = _ => 9 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed rounds per case before timing.", DefaultValueFactory = _ => 1 };
        var settle = new Option<int>("--settle-ms") { Description = "Pause before every sample so the other back end's spinning threads go idle (OpenBLAS spins ~0.1 s after a call).", DefaultValueFactory = _ => 150 };
        var minSample = new Option<double>("--min-sample-ms") { Description = "A sample is a burst of back-to-back calls lasting at least this long (after one untimed wake-up call).", DefaultValueFactory = _ => 30 };
        var clock = new Option<string>("--clock") { Description = "wall (default) or thread-cpu: the calling thread's CPU time, for noisy shared hosts; needs --threads 1.", DefaultValueFactory = _ => "wall" };
        var only = new Option<string[]>("--case") { Description = "Time only this case, OP:M:N:K (e.g. dytx:2048:256:2048); repeatable. Replaces the model shapes.", AllowMultipleArgumentsPerToken = false };
        var withDefault = new Option<bool>("--with-default") { Description = "Also time the default (auto-choosing) back end, as \"default_gflops\"." };
        var cmd = new Command("gemm", "Time the managed GEMM against OpenBLAS (alternating, median of rounds of back-to-back calls); prints JSON lines.");
        cmd.Options.Add(threads);
        cmd.Options.Add(quick);
        cmd.Options.Add(rounds);
        cmd.Options.Add(warmup);
        cmd.Options.Add(settle);
        cmd.Options.Add(minSample);
        cmd.Options.Add(clock);
        cmd.Options.Add(only);
        cmd.Options.Add(withDefault);
        cmd.SetAction(Run);
        return cmd;

        int Run(ParseResult pr)
        {
            int t = pr.GetValue(threads), r = pr.GetValue(rounds), wu = pr.GetValue(warmup);
            if (t < 1) throw new InputException($"--threads {t}: expected a positive thread count");
            if (r < 5) throw new InputException($"--rounds {r}: expected at least 5 timed rounds");
            if (wu < 0) throw new InputException($"--warmup {wu}: expected zero or more rounds");
            int settleMs = pr.GetValue(settle);
            if (settleMs < 0) throw new InputException($"--settle-ms {settleMs}: expected zero or more milliseconds");
            double minSampleMs = pr.GetValue(minSample);
            if (!(minSampleMs >= 0)) throw new InputException($"--min-sample-ms {minSampleMs}: expected zero or more milliseconds");
            string clockName = pr.GetValue(clock) ?? "wall";
            if (clockName is not ("wall" or "thread-cpu")) throw new InputException($"--clock {clockName}: expected wall or thread-cpu");
            bool cpuClock = clockName == "thread-cpu";
            if (cpuClock && t != 1) throw new InputException($"--clock thread-cpu measures one thread; use it with --threads 1 (got --threads {t})");
            if (cpuClock && !OperatingSystem.IsLinux()) throw new InputException("--clock thread-cpu is only available on Linux");
            using var managed = new ManagedGemm(t);
            var openBlas = OpenBlasGemm.TryCreate(t);
            if (openBlas is null) Console.Error.WriteLine($"warning: {OpenBlasGemm.LibraryName} not found; only the managed GEMM is timed (ratios are null)");
            IGemm? auto = pr.GetValue(withDefault) ? new AutoGemm(managed, openBlas) : null;
            List<double> ratios = [], defaultRatios = [];
            var picked = pr.GetValue(only) ?? [];
            var cases = picked.Length > 0 ? picked.Select(ParseCase).ToList() : GemmBenchmark.Cases(pr.GetValue(quick));
            foreach (var c in cases)
            {
                var timing = GemmBenchmark.Measure(c, managed, openBlas, auto, t, wu, r, settleMs, cpuClock, minSampleMs);
                if (timing.Ratio is { } ratio) ratios.Add(ratio);
                if (timing.DefaultVsBest is { } d) defaultRatios.Add(d);
                Console.WriteLine(timing.ToJson());
            }
            static string F(IReadOnlyList<double> v, Func<IReadOnlyList<double>, double> f) => v.Count > 0 ? f(v).ToString("F3", CultureInfo.InvariantCulture) : "null";
            string summary = $"{{\"summary\":true,\"median_ratio\":{F(ratios, Statistics.Median)}";
            if (auto is not null) summary += $",\"default_vs_best_median\":{F(defaultRatios, Statistics.Median)},\"default_vs_best_min\":{F(defaultRatios, v => v.Min())}";
            Console.WriteLine(summary + "}");
            return 0;
        }
    }

    private static GemmCase ParseCase(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 4 || parts[0] is not ("xwt" or "dyw" or "dytx")
            || !int.TryParse(parts[1], out int m) || !int.TryParse(parts[2], out int n) || !int.TryParse(parts[3], out int k) || m < 1 || n < 1 || k < 1)
            throw new InputException($"--case {text}: expected OP:M:N:K with OP one of xwt, dyw, dytx and positive sizes, e.g. dytx:2048:256:2048");
        return new GemmCase(parts[0], m, n, k);
    }
}
