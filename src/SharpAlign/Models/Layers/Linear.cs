using System.Numerics.Tensors;
using SharpAlign.Tensors;

namespace SharpAlign.Models.Layers;

/// <summary>What a <see cref="Linear"/> forward keeps for its backward (the input itself is owned by the caller).</summary>
public sealed class LinearState
{
    internal float[] LoraU = [];      // [R, r]   scaling · A·dropout(x)
    internal float[] LoraX = [];      // [R, in]  dropout(x), only when dropout was applied
    internal float[] LoraT = [];      // [R, r]   backward scratch
    internal float[] LoraDx = [];     // [R, in]  backward scratch, only with dropout
    internal bool LoraActive;
    internal bool Dropped;
    internal ulong DropoutKey;

    /// <summary>
    /// false: hands the saved activations back to the OS once the backward has used them (they read
    /// as zeros); true: takes them back before the next forward writes them (see <see cref="MemoryPages"/>).
    /// </summary>
    internal void SetResident(bool resident)
    {
        MemoryPages.SetResident(LoraU, resident);
        MemoryPages.SetResident(LoraX, resident);
    }
}

/// <summary>
/// Linear layer with weight [out, in] as Hugging Face stores it, optional bias and optional LoRA.
/// Forward:  x [R, in] → y [R, out],  y = x·Wᵀ + b + s·(drop(x)·Aᵀ)·Bᵀ.
/// Backward: dx = dy·W + s·((dy·B)·A) ⊙ mask;  dW += dyᵀ·x;  db += Σ dy;
///           dB += dyᵀ·(s·drop(x)·Aᵀ);  dA += s·(dy·B)ᵀ·drop(x) — each only when that parameter is trainable.
/// </summary>
public sealed class Linear
{
    /// <summary>Weight [out, in].</summary>
    public Parameter Weight { get; internal set; }

    /// <summary>Bias [out], or null.</summary>
    public Parameter? Bias { get; internal set; }

    /// <summary>The LoRA adapter, or null.</summary>
    public LoraAdapter? Lora { get; internal set; }

    /// <summary>Input features.</summary>
    public int In => Weight.Value.Dim(1);

    /// <summary>Output features.</summary>
    public int Out => Weight.Value.Dim(0);

    /// <summary>Wraps a weight and an optional bias.</summary>
    public Linear(Parameter weight, Parameter? bias)
    {
        Weight = weight;
        Bias = bias;
    }

    /// <summary>
    /// y = x·Wᵀ + b (+ LoRA when <paramref name="adapters"/> and an adapter exists). Dropout on the
    /// adapter input only when <paramref name="training"/> and p &gt; 0, with the mask keyed by <paramref name="dropoutKey"/>.
    /// </summary>
    public void Forward(ReadOnlySpan<float> x, Span<float> y, int rows, LinearState state, bool adapters, bool training, ulong dropoutKey)
    {
        int n = Out, k = In;
        Gemm.XWt(x[..(rows * k)], Weight.Value.Span, y[..(rows * n)], rows, n, k);
        if (Bias is { } b)
        {
            var bs = b.Value.Span;
            for (int i = 0; i < rows; i++)
            {
                var yr = y.Slice(i * n, n);
                TensorPrimitives.Add(yr, bs, yr);
            }
        }
        state.LoraActive = adapters && Lora is not null;
        if (!state.LoraActive) return;
        var lora = Lora!;
        int r = lora.Rank;
        ReadOnlySpan<float> xin = x[..(rows * k)];
        state.Dropped = training && lora.Dropout > 0;
        state.DropoutKey = dropoutKey;
        if (state.Dropped)
        {
            var xd = Buffers.Ensure(ref state.LoraX, rows * k).AsSpan(0, rows * k);
            Dropout.Apply(xin, xd, lora.Dropout, dropoutKey);
            xin = xd;
        }
        var u = Buffers.Ensure(ref state.LoraU, rows * r).AsSpan(0, rows * r);
        Gemm.XWt(xin, lora.A.Value.Span, u, rows, r, k);
        TensorPrimitives.Multiply(u, lora.Scaling, u);
        Gemm.XWt(u, lora.B.Value.Span, y[..(rows * n)], rows, n, r, accumulate: true);
    }

    /// <summary>
    /// Backward of the last <see cref="Forward"/> on the same x. Writes (or with <paramref name="accumulate"/>
    /// adds) dx when <paramref name="dx"/> is non-empty, and adds into the gradients of trainable parameters.
    /// </summary>
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows, LinearState state, bool accumulate)
    {
        int n = Out, k = In;
        x = x[..(rows * k)];
        dy = dy[..(rows * n)];
        if (!dx.IsEmpty) Gemm.DyW(dy, Weight.Value.Span, dx[..(rows * k)], rows, n, k, accumulate);
        if (Weight.Grad is { } gw) Gemm.DytX(dy, x, gw.Span, rows, n, k, accumulate: true);
        if (Bias?.Grad is { } gb)
        {
            var s = gb.Span;
            for (int i = 0; i < rows; i++) TensorPrimitives.Add(s, dy.Slice(i * n, n), s);
        }
        if (!state.LoraActive) return;
        var lora = Lora!;
        int r = lora.Rank;
        ReadOnlySpan<float> xin = state.Dropped ? state.LoraX.AsSpan(0, rows * k) : x;
        if (lora.B.Grad is { } gB) Gemm.DytX(dy, state.LoraU.AsSpan(0, rows * r), gB.Span, rows, n, r, accumulate: true);
        var t = Buffers.Ensure(ref state.LoraT, rows * r).AsSpan(0, rows * r);
        Gemm.DyW(dy, lora.B.Value.Span, t, rows, n, r);
        TensorPrimitives.Multiply(t, lora.Scaling, t);
        if (lora.A.Grad is { } gA) Gemm.DytX(t, xin, gA.Span, rows, r, k, accumulate: true);
        if (dx.IsEmpty) return;
        if (!state.Dropped)
        {
            Gemm.DyW(t, lora.A.Value.Span, dx[..(rows * k)], rows, r, k, accumulate: true);
            return;
        }
        var tmp = Buffers.Ensure(ref state.LoraDx, rows * k).AsSpan(0, rows * k);
        Gemm.DyW(t, lora.A.Value.Span, tmp, rows, r, k);
        Dropout.BackwardAdd(tmp, dx[..(rows * k)], lora.Dropout, state.DropoutKey);
    }

    /// <summary>W += s·B·A, then removes the adapter (the layer's output is unchanged up to rounding).</summary>
    public void MergeLora()
    {
        if (Lora is not { } lora) return;
        int n = Out, k = In, r = lora.Rank;
        // W[n,k] += s · B[n,r]·A[r,k]  ==  DyW with dy = B, w = A
        var ba = new float[n * k];
        Gemm.DyW(lora.B.Value.Span, lora.A.Value.Span, ba, n, r, k);
        TensorPrimitives.MultiplyAdd(ba, lora.Scaling, Weight.Value.Span, Weight.Value.Span);
        Lora = null;
    }
}
