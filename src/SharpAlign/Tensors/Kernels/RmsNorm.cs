using System.Numerics.Tensors;

namespace SharpAlign.Tensors.Kernels;

/// <summary>
/// RMSNorm as Hugging Face Llama computes it, in float32:
/// y = w ⊙ x · r with r = 1 / sqrt(mean(x²) + eps), per row of x [rows, cols]; w [cols].
/// Backward, with x̂ = x·r and g = dy ⊙ w:
/// dx = r · (g − x̂ · mean(g ⊙ x̂)), dw += Σ_rows dy ⊙ x̂.
/// </summary>
public static unsafe class RmsNorm
{
    /// <summary>Forward. Shapes: x, y [rows, cols]; w [cols]; invRms [rows] receives r for the backward.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y, Span<float> invRms, int rows, int cols, float eps)
    {
        Check(x.Length, w.Length, y.Length, invRms.Length, rows, cols);
        fixed (float* px = x) fixed (float* pw = w) fixed (float* py = y) fixed (float* pr = invRms)
        {
            var job = new ForwardJob { X = px, W = pw, Y = py, R = pr, Cols = cols, Eps = eps };
            ParallelRanges.For(ref job, rows, cols * 3L);
        }
    }

    /// <summary>
    /// Backward. Shapes: x, dy, dx [rows, cols]; w, dw [cols]; invRms [rows] from <see cref="Forward"/>.
    /// dx is overwritten; dw is accumulated into (each column summed over rows in row order).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> invRms, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dw, int rows, int cols)
    {
        Check(x.Length, w.Length, dx.Length, invRms.Length, rows, cols);
        Check(dy.Length, dw.Length, dx.Length, invRms.Length, rows, cols);
        fixed (float* px = x) fixed (float* pw = w) fixed (float* pr = invRms) fixed (float* pdy = dy) fixed (float* pdx = dx) fixed (float* pdw = dw)
        {
            var dxJob = new InputGradJob { X = px, W = pw, R = pr, Dy = pdy, Dx = pdx, Cols = cols };
            ParallelRanges.For(ref dxJob, rows, cols * 6L);
            var dwJob = new WeightGradJob { X = px, R = pr, Dy = pdy, Dw = pdw, Rows = rows, Cols = cols };
            ParallelRanges.For(ref dwJob, (cols + 63) / 64, rows * 64L);
        }
    }

    private static void Check(int xLen, int wLen, int yLen, int rLen, int rows, int cols)
    {
        long need = (long)rows * cols;
        if (rows < 0 || cols < 0 || xLen < need || yLen < need || wLen < cols || rLen < rows)
            throw new ArgumentException($"RmsNorm: [{rows}×{cols}] needs x,y of {need}, w of {cols}, invRms of {rows}; got {xLen}, {yLen}, {wLen}, {rLen}");
    }

    private struct ForwardJob : IRangeJob
    {
        public float* X, W, Y, R;
        public int Cols;
        public float Eps;

        public void Run(int start, int end)
        {
            for (int r = start; r < end; r++)
            {
                float* x = X + (long)r * Cols;
                float* y = Y + (long)r * Cols;
                float inv = 1f / MathF.Sqrt(Reductions.Dot(x, x, Cols) / Cols + Eps);
                R[r] = inv;
                var ys = new Span<float>(y, Cols);
                TensorPrimitives.Multiply(new ReadOnlySpan<float>(x, Cols), inv, ys);
                TensorPrimitives.Multiply(ys, new ReadOnlySpan<float>(W, Cols), ys);
            }
        }
    }

    private struct InputGradJob : IRangeJob
    {
        public float* X, W, R, Dy, Dx;
        public int Cols;

        public void Run(int start, int end)
        {
            for (int r = start; r < end; r++)
            {
                float* x = X + (long)r * Cols, dy = Dy + (long)r * Cols, dx = Dx + (long)r * Cols;
                float inv = R[r];
                var g = new Span<float>(dx, Cols);
                TensorPrimitives.Multiply(new ReadOnlySpan<float>(dy, Cols), new ReadOnlySpan<float>(W, Cols), g);
                // mean(g ⊙ x̂) = r · Σ g·x / cols; dx = r·g − x · r² · Σ g·x / cols
                float c = Reductions.Dot(dx, x, Cols) * inv / Cols;
                TensorPrimitives.Multiply(g, inv, g);
                TensorPrimitives.FusedMultiplyAdd(new ReadOnlySpan<float>(x, Cols), -inv * inv * c, g, g);
            }
        }
    }

    private struct WeightGradJob : IRangeJob
    {
        public float* X, R, Dy, Dw;
        public int Rows, Cols;

        public void Run(int start, int end)
        {
            float* xhat = stackalloc float[1024];
            for (int c0 = start * 64, last = Math.Min(end * 64, Cols); c0 < last; c0 += 1024)
            {
                int len = Math.Min(1024, last - c0);
                var xh = new Span<float>(xhat, len);
                var dw = new Span<float>(Dw + c0, len);
                for (int r = 0; r < Rows; r++)
                {
                    TensorPrimitives.Multiply(new ReadOnlySpan<float>(X + (long)r * Cols + c0, len), R[r], xh);
                    TensorPrimitives.FusedMultiplyAdd(new ReadOnlySpan<float>(Dy + (long)r * Cols + c0, len), xh, dw, dw);
                }
            }
        }
    }
}
