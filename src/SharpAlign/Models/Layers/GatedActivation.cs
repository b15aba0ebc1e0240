using System.Numerics.Tensors;

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

    /// <summary>a = f(g) ⊙ u. The transcendental part runs vectorized (TensorPrimitives), the rest is a plain loop.</summary>
    public static void Forward(ReadOnlySpan<float> g, ReadOnlySpan<float> u, Span<float> a, bool geluTanh)
    {
        int n = g.Length;
        a = a[..n];
        if (geluTanh)
        {
            for (int i = 0; i < n; i++) { float z = g[i]; a[i] = Sqrt2OverPi * (z + GeluC * z * z * z); }
            TensorPrimitives.Tanh(a, a);
            for (int i = 0; i < n; i++) a[i] = 0.5f * g[i] * (1f + a[i]) * u[i];
        }
        else
        {
            TensorPrimitives.Sigmoid(g, a);
            TensorPrimitives.Multiply(a, g, a);
            TensorPrimitives.Multiply(a, u, a);
        }
    }

    /// <summary>dg = da ⊙ u ⊙ f'(g), du = da ⊙ f(g).</summary>
    public static void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> u, ReadOnlySpan<float> da, Span<float> dg, Span<float> du, bool geluTanh)
    {
        int n = g.Length;
        dg = dg[..n];
        if (geluTanh)
        {
            for (int i = 0; i < n; i++) { float z = g[i]; dg[i] = Sqrt2OverPi * (z + GeluC * z * z * z); }
            TensorPrimitives.Tanh(dg, dg);
            for (int i = 0; i < n; i++)
            {
                float z = g[i], t = dg[i];
                float f = 0.5f * z * (1f + t);
                float df = 0.5f * (1f + t) + 0.5f * z * (1f - t * t) * Sqrt2OverPi * (1f + 3f * GeluC * z * z);
                du[i] = da[i] * f;
                dg[i] = da[i] * u[i] * df;
            }
        }
        else
        {
            TensorPrimitives.Sigmoid(g, dg);
            for (int i = 0; i < n; i++)
            {
                float z = g[i], sig = dg[i];
                du[i] = da[i] * z * sig;
                dg[i] = da[i] * u[i] * sig * (1f + z * (1f - sig));
            }
        }
    }

}
