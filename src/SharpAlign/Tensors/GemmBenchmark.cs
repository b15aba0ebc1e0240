using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace SharpAlign.Tensors;

/// <summary>One product to time: which of the three and its IGemm dimensions.</summary>
/// <param name="Op">"xwt", "dyw" or "dytx".</param>
/// <param name="M">Tokens (rows of X and dY).</param>
/// <param name="N">Output features (rows of W).</param>
/// <param name="K">Input features (columns of W).</param>
public readonly record struct GemmCase(string Op, int M, int N, int K)
{
    /// <summary>Floating-point operations of one product (2·m·n·k).</summary>
    public double Flops => 2.0 * M * N * K;
}

/// <summary>Result of timing one case: median GFLOP/s per back end (null when not measured).</summary>
public readonly record struct GemmTiming(GemmCase Case, int Threads, double Managed, double? OpenBlas, double? Default)
{
    /// <summary>managed / openblas, or null without OpenBLAS.</summary>
    public double? Ratio => OpenBlas is { } o && o > 0 ? Managed / o : null;

    /// <summary>default ÷ the faster of managed and OpenBLAS, or null when the default back end was not timed.</summary>
    public double? DefaultVsBest => Default is { } d ? d / Math.Max(Managed, OpenBlas ?? 0) : null;

    /// <summary>The JSON line <c>sharpalign bench gemm</c> prints.</summary>
    public string ToJson()
    {
        static string F(double? v, string fmt) => v is { } d ? d.ToString(fmt, CultureInfo.InvariantCulture) : "null";
        string line = $"{{\"op\":\"{Case.Op}\",\"m\":{Case.M},\"n\":{Case.N},\"k\":{Case.K},\"threads\":{Threads}," +
            $"\"managed_gflops\":{F(Managed, "F1")},\"openblas_gflops\":{F(OpenBlas, "F1")},\"ratio\":{F(Ratio, "F3")}";
        if (Default is not null) line += $",\"default_gflops\":{F(Default, "F1")}";
        return line + "}";
    }
}

/// <summary>
/// The GEMM benchmark behind <c>sharpalign bench gemm</c>: the linear layers of a SmolLM2-135M-shaped
/// and a TinyLlama-1.1B-shaped model at 512 and 2048 tokens, all three products; the back ends are
/// timed alternately (the order flips every round) and the median of the timed rounds is kept.
/// </summary>
public static unsafe class GemmBenchmark
{
    /// <summary>(hidden, kv width, intermediate, vocabulary) of the two model shapes.</summary>
    private static readonly (string Name, int Hidden, int Kv, int Inter, int Vocab)[] Models =
    [
        ("smollm2-135m", 576, 192, 1536, 49152),
        ("tinyllama-1.1b", 2048, 256, 5632, 32000),
    ];

    /// <summary>
    /// The cases: for each model and token count, the distinct (out, in) shapes of q/o, k/v, gate/up,
    /// down and the LM head, each as xwt, dyw and dytx. <paramref name="quick"/> keeps SmolLM2 at 512 tokens.
    /// </summary>
    public static IReadOnlyList<GemmCase> Cases(bool quick)
    {
        var list = new List<GemmCase>();
        foreach (var model in quick ? Models[..1] : Models)
            foreach (int tokens in quick ? new[] { 512 } : new[] { 512, 2048 })
            {
                var shapes = new[] { (model.Hidden, model.Hidden), (model.Kv, model.Hidden), (model.Inter, model.Hidden), (model.Hidden, model.Inter), (model.Vocab, model.Hidden) };
                foreach (var (outF, inF) in shapes)
                    foreach (string op in new[] { "xwt", "dyw", "dytx" })
                    {
                        var c = new GemmCase(op, tokens, outF, inF);
                        if (!list.Contains(c)) list.Add(c);
                    }
            }
        return list;
    }

    /// <summary>
    /// Times one case: <paramref name="warmup"/> untimed rounds, then <paramref name="rounds"/> rounds in
    /// which every back end produces one sample (order rotated each round); returns the median GFLOP/s of each.
    /// A sample is sustained throughput, as a training step sees it with its products back to back:
    /// the thread first sleeps <paramref name="settleMs"/> so that worker threads the previous back end
    /// left spinning (OpenBLAS's spin for about 2^28 cycles after each call) go idle and do not steal a
    /// core; then a burst of calls is timed, long enough (the same count for every back end, from the
    /// warm-up) to last at least <paramref name="minSampleMs"/>. A burst of several calls is preceded by
    /// one untimed call that wakes this back end's threads: after a long pause the first call pays a
    /// thread wake-up of up to ~2 ms on this kind of virtual machine, which a single long call absorbs.
    /// </summary>
    public static GemmTiming Measure(GemmCase c, IGemm managed, IGemm? openBlas, IGemm? defaultBackend, int threads, int warmup, int rounds, int settleMs, bool threadCpuClock = false, double minSampleMs = 30)
    {
        using var x = new Tensor(c.M, c.K);
        using var w = new Tensor(c.N, c.K);
        using var dy = new Tensor(c.M, c.N);
        var (outRows, outCols) = c.Op switch { "xwt" => (c.M, c.N), "dyw" => (c.M, c.K), _ => (c.N, c.K) };
        using var outBuf = new Tensor(outRows, outCols);
        Fill(x.Span, 1);
        Fill(w.Span, 2);
        Fill(dy.Span, 3);
        var backends = new List<IGemm> { managed };
        if (openBlas is not null) backends.Add(openBlas);
        if (defaultBackend is not null) backends.Add(defaultBackend);
        var gflops = backends.Select(_ => new List<double>()).ToArray();
        double Clock() => threadCpuClock ? ThreadCpuSeconds() : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        int burst = 1;
        double slowestWarmCall = 0;
        for (int round = 0; round < warmup + rounds; round++)
        {
            if (round == warmup && slowestWarmCall > 0) burst = (int)Math.Clamp(Math.Ceiling(minSampleMs / 1e3 / slowestWarmCall), 1, 1000);
            for (int t = 0; t < backends.Count; t++)
            {
                int b = (t + round) % backends.Count;
                if (settleMs > 0) Thread.Sleep(settleMs);
                int calls = round < warmup ? 1 : burst;
                if (calls > 1) Run(backends[b], c, x.Span, w.Span, dy.Span, outBuf.Span);
                double start = Clock();
                for (int i = 0; i < calls; i++) Run(backends[b], c, x.Span, w.Span, dy.Span, outBuf.Span);
                double seconds = (Clock() - start) / calls;
                if (round < warmup) slowestWarmCall = Math.Max(slowestWarmCall, seconds);
                else gflops[b].Add(c.Flops / seconds / 1e9);
            }
        }
        double Median(int b) => Statistics.Median(gflops[b]);
        int next = 1;
        double? ob = openBlas is not null ? Median(next++) : null;
        double? def = defaultBackend is not null ? Median(next) : null;
        return new GemmTiming(c, threads, Median(0), ob, def);
    }

    private static void Run(IGemm g, GemmCase c, Span<float> x, Span<float> w, Span<float> dy, Span<float> output)
    {
        switch (c.Op)
        {
            case "xwt": g.XWt(x, w, output, c.M, c.N, c.K); break;
            case "dyw": g.DyW(dy, w, output, c.M, c.N, c.K); break;
            default: g.DytX(dy, x, output, c.M, c.N, c.K); break;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds, Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID).</summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    public static double ThreadCpuSeconds()
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the thread CPU clock is read through Linux clock_gettime");
        const int ClockThreadCpuTimeId = 3;
        if (ClockGetTime(ClockThreadCpuTimeId, out var t) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return t.Seconds + t.Nanoseconds * 1e-9;
    }

    /// <summary>Deterministic values in [−1, 1) from a 32-bit LCG (fast enough for 10⁸ elements).</summary>
    private static void Fill(Span<float> s, uint seed)
    {
        uint state = seed * 2654435761u + 1;
        for (int i = 0; i < s.Length; i++)
        {
            state = state * 1664525u + 1013904223u;
            s[i] = (state >> 8) * (2f / (1 << 24)) - 1f;
        }
    }
}

/// <summary>Small statistics helpers for benchmarks.</summary>
public static class Statistics
{
    /// <summary>The median (mean of the middle two for an even count); NaN when empty.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var v = values.Where(d => !double.IsNaN(d)).OrderBy(d => d).ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
