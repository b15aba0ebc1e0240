using System.Numerics.Tensors;

namespace SharpAlign.Tensors.Kernels;

/// <summary>
/// Row-wise softmax and log-sum-exp over a row-major [rows, cols] matrix, max-subtracted for
/// stability, rows split across threads. Shapes: x, y, dy, dx [rows, cols]; lse [rows].
/// </summary>
public static unsafe class Softmax
{
    private const int Chunk = 512;

    /// <summary>y[r,:] = exp(x[r,:] − max) / Σ exp(x[r,:] − max). y may alias x.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int rows, int cols)
    {
        Check(x.Length, y.Length, rows, cols);
        fixed (float* px = x) fixed (float* py = y)
        {
            var job = new ForwardJob { X = px, Y = py, Cols = cols };
            ParallelRanges.For(ref job, rows, cols * 8L);
        }
    }

    /// <summary>Softmax backward: dx[r,:] = y[r,:] ⊙ (dy[r,:] − Σ_j dy[r,j]·y[r,j]), y the forward output. dx may alias dy.</summary>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, int cols)
    {
        Check(y.Length, dx.Length, rows, cols);
        Check(dy.Length, dx.Length, rows, cols);
        fixed (float* py = y) fixed (float* pdy = dy) fixed (float* pdx = dx)
        {
            var job = new BackwardJob { Y = py, Dy = pdy, Dx = pdx, Cols = cols };
            ParallelRanges.For(ref job, rows, cols * 3L);
        }
    }

    /// <summary>lse[r] = log Σ_j exp(x[r,j]), computed as max + log Σ exp(x − max) (−∞ for an all −∞ row).</summary>
    public static void LogSumExp(ReadOnlySpan<float> x, Span<float> lse, int rows, int cols)
    {
        if (rows < 0 || cols < 0 || x.Length < (long)rows * cols) throw new ArgumentException($"LogSumExp: x has {x.Length} elements, needs {rows}×{cols}");
        if (lse.Length < rows) throw new ArgumentException($"LogSumExp: lse has {lse.Length} elements, needs {rows}");
        fixed (float* px = x) fixed (float* pl = lse)
        {
            var job = new LseJob { X = px, Lse = pl, Cols = cols };
            ParallelRanges.For(ref job, rows, cols * 8L);
        }
    }

    /// <summary>log Σ exp(x) of one row.</summary>
    public static float LogSumExp(ReadOnlySpan<float> x)
    {
        fixed (float* p = x) return RowLse(p, x.Length);
    }

    private static float RowLse(float* x, int n)
    {
        float max = Reductions.Max(x, n);
        if (float.IsNegativeInfinity(max) || float.IsNaN(max) || float.IsPositiveInfinity(max)) return max;
        float* tmp = stackalloc float[Chunk];
        float sum = 0;
        for (int i = 0; i < n; i += Chunk)
        {
            int len = Math.Min(Chunk, n - i);
            var t = new Span<float>(tmp, len);
            TensorPrimitives.Subtract(new ReadOnlySpan<float>(x + i, len), max, t);
            TensorPrimitives.Exp(t, t);
            sum += Reductions.Sum(tmp, len);
        }
        return max + MathF.Log(sum);
    }

    private static void Check(int xLen, int yLen, int rows, int cols)
    {
        long need = (long)rows * cols;
        if (rows < 0 || cols < 0 || xLen < need || yLen < need)
            throw new ArgumentException($"Softmax: [{rows}×{cols}] needs {need} elements; got {xLen} and {yLen}");
    }

    private struct ForwardJob : IRangeJob
    {
        public float* X, Y;
        public int Cols;

        public void Run(int start, int end)
        {
            for (int r = start; r < end; r++)
            {
                var x = new ReadOnlySpan<float>(X + (long)r * Cols, Cols);
                var y = new Span<float>(Y + (long)r * Cols, Cols);
                float max = Reductions.Max(X + (long)r * Cols, Cols);
                TensorPrimitives.Subtract(x, max, y);
                TensorPrimitives.Exp(y, y);
                float sum = Reductions.Sum(Y + (long)r * Cols, Cols);
                TensorPrimitives.Multiply(y, 1f / sum, y);
            }
        }
    }

    private struct BackwardJob : IRangeJob
    {
        public float* Y, Dy, Dx;
        public int Cols;

        public void Run(int start, int end)
        {
            for (int r = start; r < end; r++)
            {
                long o = (long)r * Cols;
                float dot = Reductions.Dot(Y + o, Dy + o, Cols);
                var dx = new Span<float>(Dx + o, Cols);
                TensorPrimitives.Subtract(new ReadOnlySpan<float>(Dy + o, Cols), dot, dx);
                TensorPrimitives.Multiply(dx, new ReadOnlySpan<float>(Y + o, Cols), dx);
            }
        }
    }

    private struct LseJob : IRangeJob
    {
        public float* X, Lse;
        public int Cols;

        public void Run(int start, int end)
        {
            for (int r = start; r < end; r++) Lse[r] = RowLse(X + (long)r * Cols, Cols);
        }
    }
}
