using SharpAlign.Tensors.Kernels;

namespace SharpAlign.Tests.Tensors;

/// <summary>Each SIMD kernel against a plain float64 loop on random inputs of awkward sizes.</summary>
public class KernelTests
{
    public static IEnumerable<object[]> Sizes => TestArrays.AwkwardSizes.Select(n => new object[] { n });

    [Theory, MemberData(nameof(Sizes))]
    public void Elementwise_MatchFloat64(int n)
    {
        var rng = new Random(n);
        var x = TestArrays.Uniform(rng, n);
        var y = TestArrays.Uniform(rng, n);
        var d = new float[n];
        Elementwise.Add(x, y, d); TestArrays.Close(x.Zip(y, (a, b) => (double)a + b).ToArray(), d, 1e-7, 0, "add");
        Elementwise.Subtract(x, y, d); TestArrays.Close(x.Zip(y, (a, b) => (double)a - b).ToArray(), d, 1e-7, 0, "sub");
        Elementwise.Multiply(x, y, d); TestArrays.Close(x.Zip(y, (a, b) => (double)a * b).ToArray(), d, 1e-7, 0, "mul");
        Elementwise.Scale(x, 1.7f, d); TestArrays.Close(x.Select(a => a * 1.7).ToArray(), d, 1e-6, 0, "scale");
        var acc = (float[])y.Clone();
        Elementwise.AddScaled(acc, x, -0.3f); TestArrays.Close(x.Zip(y, (a, b) => b - 0.3 * a).ToArray(), acc, 1e-6, 1e-7, "axpy");
        acc = (float[])y.Clone();
        Elementwise.AddInPlace(acc, x); TestArrays.Close(x.Zip(y, (a, b) => (double)a + b).ToArray(), acc, 1e-7, 0, "add in place");
        acc = (float[])y.Clone();
        Elementwise.MultiplyAddInPlace(acc, x, x); TestArrays.Close(x.Zip(y, (a, b) => b + (double)a * a).ToArray(), acc, 1e-6, 1e-7, "fma in place");
    }

    [Theory, MemberData(nameof(Sizes))]
    public void Reductions_MatchFloat64AndAreRepeatable(int n)
    {
        var rng = new Random(n + 1);
        var x = TestArrays.Uniform(rng, n);
        var y = TestArrays.Uniform(rng, n);
        double sum = 0, dot = 0, sq = 0, abs = 0;
        for (int i = 0; i < n; i++) { sum += x[i]; dot += (double)x[i] * y[i]; sq += (double)x[i] * x[i]; abs += Math.Abs(x[i]); }
        double tol = 1e-7 * n * abs + 1e-7;
        Assert.InRange(Reductions.Sum(x), sum - tol, sum + tol);
        Assert.InRange(Reductions.Dot(x, y), dot - tol, dot + tol);
        Assert.InRange(Reductions.SumOfSquares(x), sq - tol, sq + tol);
        Assert.Equal(x.Max(), Reductions.Max(x));
        Assert.Equal(BitConverter.SingleToInt32Bits(Reductions.Dot(x, y)), BitConverter.SingleToInt32Bits(Reductions.Dot(x.ToArray(), y.ToArray())));
        x[n / 2] = float.NaN;
        Assert.True(float.IsNaN(Reductions.Max(x)));
        Assert.Throws<ArgumentException>(() => Reductions.Dot(x, y.AsSpan(1)));
    }

    [Theory]
    [InlineData(1, 1)] [InlineData(3, 7)] [InlineData(5, 63)] [InlineData(2, 65)] [InlineData(3, 4097)] [InlineData(67, 129)]
    public void Softmax_AndLogSumExp_MatchFloat64(int rows, int cols)
    {
        var rng = new Random(rows * 1000 + cols);
        var x = TestArrays.Uniform(rng, rows * cols, -20, 20);
        var y = new float[x.Length];
        var lse = new float[rows];
        Softmax.Forward(x, y, rows, cols);
        Softmax.LogSumExp(x, lse, rows, cols);
        var ey = new double[x.Length];
        var expLse = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity, s = 0;
            for (int j = 0; j < cols; j++) max = Math.Max(max, x[r * cols + j]);
            for (int j = 0; j < cols; j++) s += Math.Exp(x[r * cols + j] - max);
            for (int j = 0; j < cols; j++) ey[r * cols + j] = Math.Exp(x[r * cols + j] - max) / s;
            expLse[r] = max + Math.Log(s);
        }
        TestArrays.Close(ey, y, 1e-5, 1e-9, "softmax");
        TestArrays.Close(expLse, lse, 1e-6, 1e-6, "logsumexp");
        TestArrays.Close(expLse[0], Softmax.LogSumExp(x.AsSpan(0, cols)), 1e-6, 1e-6, "logsumexp row");

        // backward: dx = y ⊙ (dy − Σ dy·y)
        var dy = TestArrays.Uniform(rng, x.Length);
        var dx = new float[x.Length];
        Softmax.Backward(y, dy, dx, rows, cols);
        var edx = new double[x.Length];
        for (int r = 0; r < rows; r++)
        {
            double dot = 0;
            for (int j = 0; j < cols; j++) dot += (double)dy[r * cols + j] * ey[r * cols + j];
            for (int j = 0; j < cols; j++) edx[r * cols + j] = ey[r * cols + j] * (dy[r * cols + j] - dot);
        }
        TestArrays.Close(edx, dx, 1e-4, 1e-7, "softmax backward");
    }

    [Fact]
    public void LogSumExp_HandlesInfinities()
    {
        Assert.Equal(float.NegativeInfinity, Softmax.LogSumExp([float.NegativeInfinity, float.NegativeInfinity]));
        Assert.Equal(3f, Softmax.LogSumExp([float.NegativeInfinity, 3f]));
        Assert.True(float.IsNaN(Softmax.LogSumExp([1f, float.NaN])));
    }

    [Theory]
    [InlineData(1, 1)] [InlineData(3, 7)] [InlineData(5, 63)] [InlineData(2, 65)] [InlineData(3, 4097)] [InlineData(130, 576)]
    public void RmsNorm_ForwardBackward_MatchFloat64(int rows, int cols)
    {
        var rng = new Random(rows * 31 + cols);
        var x = TestArrays.Uniform(rng, rows * cols, -3, 3);
        var w = TestArrays.Uniform(rng, cols, 0.5f, 1.5f);
        var dy = TestArrays.Uniform(rng, rows * cols);
        var dw0 = TestArrays.Uniform(rng, cols);
        const float eps = 1e-5f;
        var y = new float[x.Length];
        var inv = new float[rows];
        RmsNorm.Forward(x, w, y, inv, rows, cols, eps);
        var dx = new float[x.Length];
        var dw = (float[])dw0.Clone();
        RmsNorm.Backward(x, w, inv, dy, dx, dw, rows, cols);

        var ey = new double[x.Length];
        var edx = new double[x.Length];
        var edw = dw0.Select(v => (double)v).ToArray();
        var einv = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double ss = 0;
            for (int j = 0; j < cols; j++) ss += (double)x[r * cols + j] * x[r * cols + j];
            double rr = 1 / Math.Sqrt(ss / cols + eps);
            einv[r] = rr;
            double gx = 0;
            for (int j = 0; j < cols; j++)
            {
                ey[r * cols + j] = w[j] * x[r * cols + j] * rr;
                gx += (double)dy[r * cols + j] * w[j] * x[r * cols + j];
                edw[j] += dy[r * cols + j] * x[r * cols + j] * rr;
            }
            // d/dx of w·x·r: r·g − x·r³·Σ(g·x)/cols
            for (int j = 0; j < cols; j++)
                edx[r * cols + j] = rr * dy[r * cols + j] * w[j] - x[r * cols + j] * rr * rr * rr * gx / cols;
        }
        TestArrays.Close(einv, inv, 1e-6, 0, "invRms");
        TestArrays.Close(ey, y, 1e-5, 1e-6, "rmsnorm y");
        TestArrays.Close(edx, dx, 1e-4, 1e-5, "rmsnorm dx");
        TestArrays.Close(edw, dw, 1e-4, 1e-4, "rmsnorm dw");
    }

    [Theory, MemberData(nameof(Sizes))]
    public void SiluAndSwiGlu_MatchFloat64(int n)
    {
        var rng = new Random(n + 5);
        var g = TestArrays.Uniform(rng, n, -8, 8);
        var u = TestArrays.Uniform(rng, n, -2, 2);
        var dh = TestArrays.Uniform(rng, n);
        static double Sig(double v) => 1 / (1 + Math.Exp(-v));
        static double S(double v) => v * Sig(v);
        static double Ds(double v) => Sig(v) * (1 + v * (1 - Sig(v)));
        var y = new float[n];
        Silu.Forward(g, y);
        TestArrays.Close(g.Select(v => S(v)).ToArray(), y, 1e-5, 1e-6, "silu");
        var dx = new float[n];
        Silu.Backward(g, dh, dx);
        TestArrays.Close(g.Select((v, i) => dh[i] * Ds(v)).ToArray(), dx, 1e-5, 1e-6, "silu backward");
        var h = new float[n];
        Silu.SwiGluForward(g, u, h);
        TestArrays.Close(g.Select((v, i) => S(v) * u[i]).ToArray(), h, 1e-5, 1e-6, "swiglu");
        var dg = new float[n];
        var du = new float[n];
        Silu.SwiGluBackward(g, u, dh, dg, du);
        TestArrays.Close(g.Select((v, i) => dh[i] * u[i] * Ds(v)).ToArray(), dg, 1e-5, 1e-6, "swiglu dgate");
        TestArrays.Close(g.Select((v, i) => dh[i] * S(v)).ToArray(), du, 1e-5, 1e-6, "swiglu dup");
    }

    [Theory, MemberData(nameof(Sizes))]
    public void GeluTanh_ForwardAndDerivative_MatchFloat64(int n)
    {
        var rng = new Random(n + 9);
        var x = TestArrays.Uniform(rng, n, -6, 6);
        var dy = TestArrays.Uniform(rng, n);
        const double c = 0.7978845608028654, a = 0.044715;
        static double T(double v) => Math.Tanh(c * (v + a * v * v * v));
        var y = new float[n];
        Gelu.Forward(x, y);
        TestArrays.Close(x.Select(v => 0.5 * v * (1 + T(v))).ToArray(), y, 1e-5, 1e-6, "gelu");
        var d = new float[n];
        Gelu.Derivative(x, d);
        var ed = x.Select(v => 0.5 * (1 + T(v)) + 0.5 * v * (1 - T(v) * T(v)) * c * (1 + 3 * a * v * v)).ToArray();
        TestArrays.Close(ed, d, 1e-5, 1e-6, "gelu'");
        // the derivative is the slope of the forward (central difference in float64 on the formula)
        var fd = x.Select(v => (0.5 * (v + 1e-6) * (1 + T(v + 1e-6)) - 0.5 * (v - 1e-6) * (1 + T(v - 1e-6))) / 2e-6).ToArray();
        TestArrays.Close(fd, d, 1e-5, 1e-5, "gelu' vs finite difference");
        var dx = new float[n];
        Gelu.Backward(x, dy, dx);
        TestArrays.Close(ed.Select((v, i) => v * dy[i]).ToArray(), dx, 1e-5, 1e-6, "gelu backward");
    }

    [Theory]
    [InlineData(1, 1, 2)] [InlineData(7, 3, 64)] [InlineData(5, 2, 14)] [InlineData(65, 9, 64)]
    public void Rotary_MatchesRotateHalfAndInverts(int tokens, int heads, int headDim)
    {
        var rng = new Random(tokens + heads + headDim);
        int half = headDim / 2, maxPos = 4096;
        var cos = new float[maxPos * half];
        var sin = new float[maxPos * half];
        const double theta = 10000;
        Rotary.BuildTable(maxPos, headDim, theta, cos, sin);
        var pos = Enumerable.Range(0, tokens).Select(_ => rng.Next(maxPos)).ToArray();
        var x = TestArrays.Uniform(rng, tokens * heads * headDim);
        var y = (float[])x.Clone();
        Rotary.Forward(y, tokens, heads, headDim, pos, cos, sin);
        var e = new double[x.Length];
        for (int t = 0; t < tokens; t++)
            for (int h = 0; h < heads; h++)
            {
                int o = (t * heads + h) * headDim;
                for (int i = 0; i < headDim; i++)
                {
                    // HF: q·cos + rotate_half(q)·sin, cos/sin = cat(freqs, freqs), rotate_half = cat(−x₂, x₁)
                    // the angle is the float32 product pos·inv_freq, as HF computes it
                    double ang = (float)(pos[t] * (float)(1.0 / Math.Pow(theta, 2.0 * (i % half) / headDim)));
                    double rot = i < half ? -x[o + i + half] : x[o + i - half];
                    e[o + i] = x[o + i] * Math.Cos(ang) + rot * Math.Sin(ang);
                }
            }
        TestArrays.Close(e, y, 1e-4, 2e-5, "rotary forward");
        Rotary.Inverse(y, tokens, heads, headDim, pos, cos, sin);
        TestArrays.Close(x.Select(v => (double)v).ToArray(), y, 1e-4, 1e-5, "rotary inverse");
        Assert.Throws<ArgumentException>(() => Rotary.Forward(y, tokens, heads, headDim, pos.Select(_ => maxPos).ToArray(), cos, sin));
    }

    [Theory, MemberData(nameof(Sizes))]
    public void AdamW_MatchesTorchFormulaInFloat64(int n)
    {
        var rng = new Random(n + 13);
        var p = TestArrays.Uniform(rng, n);
        var m = TestArrays.Uniform(rng, n, -0.1f, 0.1f);
        var v = TestArrays.Uniform(rng, n, 0, 0.01f);
        var ep = p.Select(a => (double)a).ToArray();
        var em = m.Select(a => (double)a).ToArray();
        var ev = v.Select(a => (double)a).ToArray();
        var s = new AdamW.Settings(Lr: 1e-3f, Beta1: 0.9f, Beta2: 0.999f, Eps: 1e-8f, WeightDecay: 0.01f, Step: 1);
        for (int step = 1; step <= 3; step++)
        {
            var g = TestArrays.Uniform(rng, n);
            AdamW.Step(p, g, m, v, s with { Step = step });
            double b1 = s.Beta1, b2 = s.Beta2, lr = s.Lr;
            for (int i = 0; i < n; i++)
            {
                ep[i] *= 1 - lr * s.WeightDecay;
                em[i] = b1 * em[i] + (1 - b1) * g[i];
                ev[i] = b2 * ev[i] + (1 - b2) * g[i] * (double)g[i];
                double denom = Math.Sqrt(ev[i]) / Math.Sqrt(1 - Math.Pow(b2, step)) + s.Eps;
                ep[i] -= lr / (1 - Math.Pow(b1, step)) * em[i] / denom;
            }
        }
        TestArrays.Close(em, m, 1e-5, 1e-8, "adamw m");
        TestArrays.Close(ev, v, 1e-5, 1e-10, "adamw v");
        TestArrays.Close(ep, p, 1e-5, 1e-7, "adamw p");
    }

    [Theory]
    [InlineData(1, 0f, 0f)] [InlineData(63, 0.9f, 0f)] [InlineData(4097, 0.9f, 0.01f)] [InlineData(65, 0f, 0.1f)]
    public void RmsProp_MatchesTorchFormulaInFloat64(int n, float momentum, float weightDecay)
    {
        var rng = new Random(n + 17);
        var p = TestArrays.Uniform(rng, n);
        var sq = new float[n];
        var buf = new float[n];
        var ep = p.Select(a => (double)a).ToArray();
        var esq = new double[n];
        var ebuf = new double[n];
        var s = new RmsProp.Settings(Lr: 1e-2f, Alpha: 0.99f, Eps: 1e-8f, WeightDecay: weightDecay, Momentum: momentum);
        for (int step = 0; step < 3; step++)
        {
            var g = TestArrays.Uniform(rng, n);
            RmsProp.Step(p, g, sq, buf, s);
            for (int i = 0; i < n; i++)
            {
                double gi = g[i] + s.WeightDecay * ep[i];
                esq[i] = s.Alpha * esq[i] + (1 - s.Alpha) * gi * gi;
                double avg = Math.Sqrt(esq[i]) + s.Eps;
                if (momentum > 0) { ebuf[i] = momentum * ebuf[i] + gi / avg; ep[i] -= s.Lr * ebuf[i]; }
                else ep[i] -= s.Lr * gi / avg;
            }
        }
        TestArrays.Close(esq, sq, 1e-5, 1e-10, "rmsprop square avg");
        TestArrays.Close(ep, p, 1e-5, 1e-6, "rmsprop p");
        if (momentum > 0) TestArrays.Close(ebuf, buf, 1e-5, 1e-6, "rmsprop momentum");
    }
}
