namespace SharpAlign.Models.Layers;

/// <summary>
/// Rotary position embedding in the rotate-half (GPT-NeoX) convention Hugging Face uses: dimension
/// i of a head is paired with i + d/2 and both are rotated by angle pos·inv_freq[i].
/// Forward:  x [R, heads·d] in place,  (a, b) → (a·cos − b·sin, b·cos + a·sin).
/// Backward: the transpose, i.e. rotation by −angle: (da, db) → (da·cos + db·sin, db·cos − da·sin).
/// inv_freq follows transformers' modeling_rope_utils (default, linear, llama3), computed in float32.
/// </summary>
public sealed class Rotary
{
    private readonly float[] _invFreq;
    private float[] _cos = [], _sin = [];  // [positions, d/2]
    private int _positions;
    private readonly object _lock = new();

    /// <summary>Head dimension d (all of it is rotated).</summary>
    public int HeadDim { get; }

    /// <summary>The per-pair inverse frequencies [d/2].</summary>
    public ReadOnlySpan<float> InverseFrequencies => _invFreq;

    /// <summary>Builds the frequency table for a head size, base θ and optional scaling.</summary>
    public Rotary(int headDim, double theta, RopeScaling? scaling)
    {
        if (headDim % 2 != 0) throw new InputException($"head_dim {headDim} must be even for rotary embeddings");
        HeadDim = headDim;
        _invFreq = ComputeInverseFrequencies(headDim, theta, scaling);
    }

    /// <summary>inv_freq[i] = 1/θ^(2i/d) in float32, then rescaled as <paramref name="scaling"/> says.</summary>
    public static float[] ComputeInverseFrequencies(int d, double theta, RopeScaling? scaling)
    {
        var inv = new float[d / 2];
        float baseF = (float)theta;
        for (int i = 0; i < inv.Length; i++) inv[i] = 1f / MathF.Pow(baseF, (2 * i) / (float)d);
        string type = scaling?.Type ?? "default";
        switch (type)
        {
            case "default":
                break;
            case "linear":
                for (int i = 0; i < inv.Length; i++) inv[i] /= (float)scaling!.Factor;
                break;
            case "llama3":
            {
                var s = scaling!;
                float factor = (float)s.Factor, low = (float)s.LowFreqFactor, high = (float)s.HighFreqFactor;
                float orig = s.OriginalMaxPositionEmbeddings;
                float lowWavelen = orig / low, highWavelen = orig / high;
                for (int i = 0; i < inv.Length; i++)
                {
                    float wavelen = 2f * MathF.PI / inv[i];
                    if (wavelen > lowWavelen) inv[i] /= factor;
                    else if (wavelen >= highWavelen)
                    {
                        float smooth = (orig / wavelen - low) / (high - low);
                        inv[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
                    }
                }
                break;
            }
            default:
                throw new InputException($"config.json: rope_scaling type \"{type}\" is not supported (supported: default, linear, llama3)");
        }
        return inv;
    }

    /// <summary>Makes sure cos/sin are tabulated for positions 0 … <paramref name="maxPosition"/>.</summary>
    public void EnsurePositions(int maxPosition)
    {
        if (maxPosition < _positions) return;
        lock (_lock)
        {
            if (maxPosition < _positions) return;
            int n = Math.Max(maxPosition + 1, _positions * 2);
            int half = HeadDim / 2;
            var cos = new float[n * half];
            var sin = new float[n * half];
            for (int p = 0; p < n; p++)
                for (int i = 0; i < half; i++)
                {
                    float angle = p * _invFreq[i];   // float32 product, as in transformers
                    cos[p * half + i] = (float)Math.Cos(angle);
                    sin[p * half + i] = (float)Math.Sin(angle);
                }
            _cos = cos;
            _sin = sin;
            _positions = n;
        }
    }

    /// <summary>Rotates every head of every row in place; <paramref name="inverse"/> applies the backward (rotation by −angle).</summary>
    public void Apply(Span<float> x, ReadOnlySpan<int> positions, int heads, bool inverse)
    {
        int d = HeadDim, half = d / 2;
        int width = heads * d;
        var cosT = _cos;
        var sinT = _sin;
        float sign = inverse ? -1f : 1f;
        for (int t = 0; t < positions.Length; t++)
        {
            int pos = positions[t];
            var c = cosT.AsSpan(pos * half, half);
            var s = sinT.AsSpan(pos * half, half);
            var row = x.Slice(t * width, width);
            for (int h = 0; h < heads; h++)
            {
                var head = row.Slice(h * d, d);
                for (int i = 0; i < half; i++)
                {
                    float a = head[i], b = head[half + i];
                    float si = sign * s[i];
                    head[i] = a * c[i] - b * si;
                    head[half + i] = b * c[i] + a * si;
                }
            }
        }
    }
}
