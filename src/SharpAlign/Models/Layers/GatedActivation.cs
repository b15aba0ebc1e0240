namespace SharpAlign.Models.Layers;

/// <summary>
/// The gate of a gated MLP: a = f(g) ⊙ u with f = SiLU (SwiGLU: Llama, Qwen2, Mistral) or the
/// tanh approximation of GELU (GeGLU-tanh: Gemma-2's gelu_pytorch_tanh).
/// Forward:  g, u [R, I] → a [R, I].
/// Backward: dg = da ⊙ u ⊙ f'(g),  du = da ⊙ f(g).
/// </summary>
public static class GatedActivation
{
    private const float Sqrt2OverPi = 0.7978845608028654f;
    private const float GeluC = 0.044715f;

    /// <summary>Parses config.json's hidden_act; true for GELU-tanh, false for SiLU.</summary>
    public static bool IsGeluTanh(string hiddenAct) => hiddenAct switch
    {
        "silu" or "swish" => false,
        "gelu_pytorch_tanh" or "gelu_new" => true,
        _ => throw new InputException($"config.json: hidden_act \"{hiddenAct}\" is not supported (supported: silu, gelu_pytorch_tanh)"),
    };

    /// <summary>a = f(g) ⊙ u.</summary>
    public static void Forward(ReadOnlySpan<float> g, ReadOnlySpan<float> u, Span<float> a, bool geluTanh)
    {
        if (geluTanh)
            for (int i = 0; i < g.Length; i++) a[i] = Gelu(g[i]) * u[i];
        else
            for (int i = 0; i < g.Length; i++) { float z = g[i]; a[i] = z / (1f + MathF.Exp(-z)) * u[i]; }
    }

    /// <summary>dg = da ⊙ u ⊙ f'(g), du = da ⊙ f(g).</summary>
    public static void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> u, ReadOnlySpan<float> da, Span<float> dg, Span<float> du, bool geluTanh)
    {
        for (int i = 0; i < g.Length; i++)
        {
            float z = g[i], f, df;
            if (geluTanh)
            {
                float inner = Sqrt2OverPi * (z + GeluC * z * z * z);
                float t = MathF.Tanh(inner);
                f = 0.5f * z * (1f + t);
                df = 0.5f * (1f + t) + 0.5f * z * (1f - t * t) * Sqrt2OverPi * (1f + 3f * GeluC * z * z);
            }
            else
            {
                float sig = 1f / (1f + MathF.Exp(-z));
                f = z * sig;
                df = sig * (1f + z * (1f - sig));
            }
            dg[i] = da[i] * u[i] * df;
            du[i] = da[i] * f;
        }
    }

    private static float Gelu(float z) => 0.5f * z * (1f + MathF.Tanh(Sqrt2OverPi * (z + GeluC * z * z * z)));
}
