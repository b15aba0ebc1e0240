using System.Diagnostics;
using SharpAlign.Tensors;

namespace SharpAlign.Training.Benchmarks;

/// <summary>
/// Wraps a GEMM back end and counts what passes through it: FLOPs (2·m·n·k per product) and the
/// time spent inside, in total and per (operation, m, n, k) shape, so a benchmark can report the
/// matrix work it actually executed and the rate it ran at. Calls from several threads are counted
/// under a lock (layers call GEMM from one thread and the back end parallelises inside, so it is uncontended).
/// </summary>
public sealed class MeteredGemm(IGemm inner) : IGemm
{
    private readonly Dictionary<(string Op, int M, int N, int K), (long Calls, long Ticks)> _shapes = new();
    private readonly object _lock = new();

    /// <summary>The wrapped back end.</summary>
    public IGemm Inner => inner;

    /// <inheritdoc />
    public string Name => "metered(" + inner.Name + ")";

    /// <summary>FLOPs executed since the last <see cref="Reset"/>.</summary>
    public double Flops { get; private set; }

    /// <summary>Seconds spent inside the back end since the last <see cref="Reset"/>.</summary>
    public double Seconds => Ticks / (double)Stopwatch.Frequency;

    private long Ticks { get; set; }

    /// <summary>Per shape: calls, FLOPs and seconds since the last <see cref="Reset"/>.</summary>
    public IReadOnlyList<(string Op, int M, int N, int K, long Calls, double Flops, double Seconds)> Shapes
    {
        get { lock (_lock) return ShapeList(); }
    }

    private List<(string Op, int M, int N, int K, long Calls, double Flops, double Seconds)> ShapeList() =>
        _shapes.Select(kv => (kv.Key.Op, kv.Key.M, kv.Key.N, kv.Key.K, kv.Value.Calls,
            2.0 * kv.Key.M * kv.Key.N * kv.Key.K * kv.Value.Calls, kv.Value.Ticks / (double)Stopwatch.Frequency)).ToList();

    /// <summary>Clears the counters.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            Flops = 0;
            Ticks = 0;
            _shapes.Clear();
        }
    }

    private void Record(string op, int m, int n, int k, long t0)
    {
        long dt = Stopwatch.GetTimestamp() - t0;
        lock (_lock)
        {
            Flops += 2.0 * m * n * k;
            Ticks += dt;
            var key = (op, m, n, k);
            var (c, t) = _shapes.GetValueOrDefault(key);
            _shapes[key] = (c + 1, t + dt);
        }
    }

    /// <inheritdoc />
    public void XWt(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y, int m, int n, int k, bool accumulate = false)
    {
        long t0 = Stopwatch.GetTimestamp();
        inner.XWt(x, w, y, m, n, k, accumulate);
        Record("XWt", m, n, k, t0);
    }

    /// <inheritdoc />
    public void DyW(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int m, int n, int k, bool accumulate = false)
    {
        long t0 = Stopwatch.GetTimestamp();
        inner.DyW(dy, w, dx, m, n, k, accumulate);
        Record("DyW", m, n, k, t0);
    }

    /// <inheritdoc />
    public void DytX(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dw, int m, int n, int k, bool accumulate = false)
    {
        long t0 = Stopwatch.GetTimestamp();
        inner.DytX(dy, x, dw, m, n, k, accumulate);
        Record("DytX", m, n, k, t0);
    }

    /// <inheritdoc />
    public void XWt(ReadOnlySpan<float> x, ReadOnlySpan<Bf16> w, Span<float> y, int m, int n, int k, bool accumulate = false)
    {
        long t0 = Stopwatch.GetTimestamp();
        inner.XWt(x, w, y, m, n, k, accumulate);
        Record("XWt", m, n, k, t0);
    }

    /// <inheritdoc />
    public void DyW(ReadOnlySpan<float> dy, ReadOnlySpan<Bf16> w, Span<float> dx, int m, int n, int k, bool accumulate = false)
    {
        long t0 = Stopwatch.GetTimestamp();
        inner.DyW(dy, w, dx, m, n, k, accumulate);
        Record("DyW", m, n, k, t0);
    }
}
