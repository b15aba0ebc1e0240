using System.Numerics.Tensors;

namespace SharpAlign.Tensors.Kernels;

/// <summary>
/// Rotary position embedding with Hugging Face Llama's rotate_half convention: a head vector of
/// size d is split into halves x₁ = x[0..d/2), x₂ = x[d/2..d) and, with θᵢ = pos·inv_freqᵢ,
/// forward: x₁' = x₁·cos θ − x₂·sin θ, x₂' = x₂·cos θ + x₁·sin θ.
/// The rotation is orthogonal, so the backward (and the inverse) rotates by −θ.
/// Shapes: x [tokens, heads, d] in place; positions [tokens]; cos, sin [maxPositions, d/2].
/// </summary>
public static unsafe class Rotary
{
    /// <summary>
    /// Fills cos/sin tables [maxPositions, d/2] the way HF computes them in float32:
    /// inv_freqᵢ = 1 / theta^(2i/d), angle = pos·inv_freqᵢ (float32 product).
    /// </summary>
    public static void BuildTable(int maxPositions, int headDim, double theta, Span<float> cos, Span<float> sin)
    {
        if (headDim <= 0 || headDim % 2 != 0) throw new ArgumentException($"Rotary: head dimension must be positive and even, got {headDim}");
        int half = headDim / 2;
        long need = (long)maxPositions * half;
        if (cos.Length < need || sin.Length < need) throw new ArgumentException($"Rotary: tables need {need} elements, got {cos.Length} and {sin.Length}");
        for (int i = 0; i < half; i++)
        {
            float invFreq = (float)(1.0 / Math.Pow(theta, 2.0 * i / headDim));
            for (int p = 0; p < maxPositions; p++)
            {
                float angle = p * invFreq;
                cos[p * half + i] = MathF.Cos(angle);
                sin[p * half + i] = MathF.Sin(angle);
            }
        }
    }

    /// <summary>Rotates every head of every token in place by its position's angles (forward).</summary>
    public static void Forward(Span<float> x, int tokens, int heads, int headDim, ReadOnlySpan<int> positions, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
        => Apply(x, tokens, heads, headDim, positions, cos, sin, inverse: false);

    /// <summary>Rotates by −θ: the backward of <see cref="Forward"/> applied to a gradient (and its inverse).</summary>
    public static void Inverse(Span<float> x, int tokens, int heads, int headDim, ReadOnlySpan<int> positions, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
        => Apply(x, tokens, heads, headDim, positions, cos, sin, inverse: true);

    private static void Apply(Span<float> x, int tokens, int heads, int headDim, ReadOnlySpan<int> positions, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, bool inverse)
    {
        if (headDim <= 0 || headDim % 2 != 0) throw new ArgumentException($"Rotary: head dimension must be positive and even, got {headDim}");
        if (x.Length < (long)tokens * heads * headDim) throw new ArgumentException($"Rotary: x has {x.Length} elements, needs [{tokens}×{heads}×{headDim}]");
        if (positions.Length < tokens) throw new ArgumentException($"Rotary: {positions.Length} positions for {tokens} tokens");
        int half = headDim / 2;
        int maxPos = Math.Min(cos.Length, sin.Length) / half;
        for (int t = 0; t < tokens; t++)
            if ((uint)positions[t] >= (uint)maxPos)
                throw new ArgumentException($"Rotary: position {positions[t]} of token {t} is outside the table of {maxPos} positions");
        fixed (float* px = x) fixed (int* pp = positions) fixed (float* pc = cos) fixed (float* ps = sin)
        {
            var job = new Job { X = px, Pos = pp, Cos = pc, Sin = ps, Heads = heads, HeadDim = headDim, Inverse = inverse };
            ParallelRanges.For(ref job, tokens, (long)heads * headDim * 3);
        }
    }

    private struct Job : IRangeJob
    {
        public float* X, Cos, Sin;
        public int* Pos;
        public int Heads, HeadDim;
        public bool Inverse;

        public void Run(int start, int end)
        {
            int half = HeadDim / 2;
            float* tmp = stackalloc float[3 * half];
            var t1 = new Span<float>(tmp, half);
            var t2 = new Span<float>(tmp + half, half);
            var t3 = new Span<float>(tmp + 2 * half, half);
            for (int t = start; t < end; t++)
            {
                var c = new ReadOnlySpan<float>(Cos + (long)Pos[t] * half, half);
                var s = new ReadOnlySpan<float>(Sin + (long)Pos[t] * half, half);
                for (int h = 0; h < Heads; h++)
                {
                    float* head = X + ((long)t * Heads + h) * HeadDim;
                    var x1 = new Span<float>(head, half);
                    var x2 = new Span<float>(head + half, half);
                    TensorPrimitives.Multiply(x1, c, t1);
                    TensorPrimitives.Multiply(x2, s, t3);
                    TensorPrimitives.Multiply(x2, c, t2);
                    if (Inverse)
                    {
                        // x1' = x1·c + x2·s, x2' = x2·c − x1·s
                        TensorPrimitives.Add(t1, t3, t1);
                        TensorPrimitives.Multiply(x1, s, t3);
                        TensorPrimitives.Subtract(t2, t3, t2);
                    }
                    else
                    {
                        // x1' = x1·c − x2·s, x2' = x2·c + x1·s
                        TensorPrimitives.Subtract(t1, t3, t1);
                        TensorPrimitives.Multiply(x1, s, t3);
                        TensorPrimitives.Add(t2, t3, t2);
                    }
                    t1.CopyTo(x1);
                    t2.CopyTo(x2);
                }
            }
        }
    }
}
