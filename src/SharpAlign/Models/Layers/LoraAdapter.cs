namespace SharpAlign.Models.Layers;

/// <summary>
/// A LoRA adapter on one linear layer (PEFT semantics): Δy = scaling · B·A·dropout(x),
/// A [r, in] ~ U(±1/√in) (kaiming-uniform with a = √5), B [out, r] = 0, so a fresh adapter
/// leaves the layer's output unchanged. scaling = α/r, or α/√r with rsLoRA.
/// </summary>
public sealed class LoraAdapter
{
    /// <summary>lora_A [r, in].</summary>
    public Parameter A { get; }

    /// <summary>lora_B [out, r].</summary>
    public Parameter B { get; }

    /// <summary>Multiplier of B·A.</summary>
    public float Scaling { get; }

    /// <summary>Dropout probability applied to the adapter's input while training.</summary>
    public float Dropout { get; }

    /// <summary>Rank r.</summary>
    public int Rank => A.Value.Dim(0);

    /// <summary>Wraps existing A and B (e.g. loaded from a PEFT adapter).</summary>
    public LoraAdapter(Parameter a, Parameter b, float scaling, float dropout)
    {
        if (a.Value.Dim(0) != b.Value.Dim(1))
            throw new ArgumentException($"LoRA rank mismatch: {a.Name} has {a.Value.Dim(0)} rows, {b.Name} has {b.Value.Dim(1)} columns");
        A = a;
        B = b;
        Scaling = scaling;
        Dropout = dropout;
    }

    /// <summary>A fresh adapter: A uniform in ±1/√in from <paramref name="rng"/>, B zero, both trainable.</summary>
    public static LoraAdapter CreateFresh(string baseName, int inFeatures, int outFeatures, int rank, float scaling, float dropout, Random rng)
    {
        var a = new Tensors.Tensor(rank, inFeatures);
        double bound = 1.0 / Math.Sqrt(inFeatures);
        var span = a.Span;
        for (int i = 0; i < span.Length; i++) span[i] = (float)((rng.NextDouble() * 2 - 1) * bound);
        var b = new Tensors.Tensor(outFeatures, rank);
        return new LoraAdapter(new Parameter(LoraName(baseName, 'A'), a, true), new Parameter(LoraName(baseName, 'B'), b, true), scaling, dropout);
    }

    /// <summary>PEFT tensor name for a base weight name: "model.layers.0.self_attn.q_proj.weight" → "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight".</summary>
    public static string LoraName(string baseWeightName, char which)
    {
        string module = baseWeightName.EndsWith(".weight", StringComparison.Ordinal) ? baseWeightName[..^".weight".Length] : baseWeightName;
        return $"base_model.model.{module}.lora_{which}.weight";
    }
}
