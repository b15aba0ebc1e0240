using SharpAlign.Tensors;

namespace SharpAlign.Models.Layers;

/// <summary>What a <see cref="GatedMlp"/> forward keeps for its backward.</summary>
public sealed class GatedMlpState
{
    internal float[] Gate = [], Up = [];
    internal readonly LinearState Lg = new(), Lu = new(), Ld = new();

    /// <summary>
    /// false: hands the saved activations back to the OS once the backward has used them (they read
    /// as zeros); true: takes them back before the next forward writes them (see <see cref="MemoryPages"/>).
    /// </summary>
    internal void SetResident(bool resident)
    {
        MemoryPages.SetResident(Gate, resident);
        MemoryPages.SetResident(Up, resident);
        Lg.SetResident(resident); Lu.SetResident(resident); Ld.SetResident(resident);
    }
}

/// <summary>
/// Gated feed-forward block: y = down(f(gate(x)) ⊙ up(x)), f = SiLU or GELU-tanh.
/// Forward:  x [R, H] → g, u [R, I] → a = f(g) ⊙ u [R, I] → y [R, H].
/// Backward: a is recomputed from the saved g, u (not stored per layer); da = dy·Wdown;
///           (dg, du) = gate backward; dx = dg·Wgate + du·Wup.
/// </summary>
public sealed class GatedMlp
{
    /// <summary>gate_proj [I, H].</summary>
    public Linear Gate { get; }
    /// <summary>up_proj [I, H].</summary>
    public Linear Up { get; }
    /// <summary>down_proj [H, I].</summary>
    public Linear Down { get; }
    /// <summary>True for GELU-tanh (Gemma-2), false for SiLU.</summary>
    public bool GeluTanh { get; }

    [ThreadStatic] private static float[]? t_act;

    /// <summary>Assembles the block.</summary>
    public GatedMlp(Linear gate, Linear up, Linear down, bool geluTanh)
    {
        Gate = gate; Up = up; Down = down; GeluTanh = geluTanh;
    }

    /// <summary>The three projections, in Hugging Face order.</summary>
    public IEnumerable<(string Name, Linear Layer)> Projections => [("gate_proj", Gate), ("up_proj", Up), ("down_proj", Down)];

    /// <summary>y = mlp(x); fills <paramref name="st"/>.</summary>
    public void Forward(ReadOnlySpan<float> x, Span<float> y, int rows, GatedMlpState st, bool adapters, bool training, ulong key)
    {
        int n = rows * Gate.Out;
        var g = Buffers.Ensure(ref st.Gate, n).AsSpan(0, n);
        var u = Buffers.Ensure(ref st.Up, n).AsSpan(0, n);
        t_act ??= [];
        var a = Buffers.Ensure(ref t_act, n).AsSpan(0, n);
        Gate.Forward(x, g, rows, st.Lg, adapters, training, key + 5);
        Up.Forward(x, u, rows, st.Lu, adapters, training, key + 6);
        GatedActivation.Forward(g, u, a, GeluTanh);
        Down.Forward(a, y, rows, st.Ld, adapters, training, key + 7);
    }

    /// <summary>dx (+)= ∂y/∂x · dy and parameter gradients.</summary>
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows, GatedMlpState st, Workspace ws, bool accumulate)
    {
        int n = rows * Gate.Out;
        var da = Buffers.Ensure(ref ws.DAct, n).AsSpan(0, n);
        var act = Buffers.Ensure(ref ws.Act, n).AsSpan(0, n);
        var dg = Buffers.Ensure(ref ws.DGate, n).AsSpan(0, n);
        var du = Buffers.Ensure(ref ws.DUp, n).AsSpan(0, n);
        GatedActivation.Forward(st.Gate.AsSpan(0, n), st.Up.AsSpan(0, n), act, GeluTanh);
        Down.Backward(act, dy, da, rows, st.Ld, accumulate: false);
        GatedActivation.Backward(st.Gate.AsSpan(0, n), st.Up.AsSpan(0, n), da, dg, du, GeluTanh);
        Gate.Backward(x, dg, dx, rows, st.Lg, accumulate);
        Up.Backward(x, du, dx, rows, st.Lu, accumulate: true);
    }
}
