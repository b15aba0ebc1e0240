using SharpAlign.Models.Layers;
using SharpAlign.Tensors;

namespace SharpAlign.Models;

public sealed partial class CausalLM
{
    /// <summary>The LoRA settings in use, or null when the model has no adapters.</summary>
    public LoraConfig? Lora { get; private set; }

    /// <summary>
    /// Adds fresh LoRA adapters (A uniform ±1/√in, B zero) to every targeted linear and freezes all base
    /// weights, so only adapters train and the model's outputs are unchanged until the first update.
    /// </summary>
    public void EnableLora(LoraConfig config)
    {
        config.Validate();
        if (Lora is not null) throw new InvalidOperationException("the model already has LoRA adapters; merge them first");
        var rng = new Random(config.Seed);
        int added = 0;
        foreach (var (module, lin) in NamedLinears())
        {
            if (!config.Targets(module)) continue;
            lin.Lora = LoraAdapter.CreateFresh(lin.Weight.Name, lin.In, lin.Out, config.Rank, config.Scaling, config.Dropout, rng);
            added++;
        }
        if (added == 0)
            throw new InputException($"LoRA target_modules [{string.Join(", ", config.TargetModules)}] match no linear layer of this model (e.g. \"model.layers.0.self_attn.q_proj\")");
        SetFullTraining(false);
        Lora = config;
        _dropoutSeed = (ulong)config.Seed;
    }

    /// <summary>
    /// Attaches adapters from PEFT-named tensors ("base_model.model.….lora_A.weight" [r, in] and "…lora_B.weight"
    /// [out, r]); takes ownership of the tensors. Adapters are trainable when <paramref name="trainable"/>;
    /// base weights are frozen. Every tensor must be used and every targeted module must have both halves.
    /// </summary>
    public void AttachLora(LoraConfig config, IReadOnlyDictionary<string, Tensor> tensors, bool trainable)
    {
        config.Validate();
        if (Lora is not null) throw new InvalidOperationException("the model already has LoRA adapters; merge them first");
        var used = new HashSet<string>();
        var plan = new List<(Linear Layer, LoraAdapter Adapter)>();
        foreach (var (_, lin) in NamedLinears())
        {
            string an = LoraAdapter.LoraName(lin.Weight.Name, 'A'), bn = LoraAdapter.LoraName(lin.Weight.Name, 'B');
            bool hasA = tensors.TryGetValue(an, out var a), hasB = tensors.TryGetValue(bn, out var b);
            if (!hasA && !hasB) continue;
            if (!hasA || !hasB) throw new InputException($"adapter: \"{(hasA ? bn : an)}\" is missing (its other half is present)");
            if (a!.Shape is not [var ra, var ia] || ia != lin.In || ra <= 0)
                throw new InputException($"adapter: tensor \"{an}\" has shape [{string.Join(", ", a.Shape)}], expected [r, {lin.In}]");
            if (b!.Shape is not [var ob, var rb] || ob != lin.Out || rb != ra)
                throw new InputException($"adapter: tensor \"{bn}\" has shape [{string.Join(", ", b.Shape)}], expected [{lin.Out}, {ra}]");
            float scaling = config.UseRsLora ? config.Alpha / MathF.Sqrt(ra) : config.Alpha / ra;
            plan.Add((lin, new LoraAdapter(new Parameter(an, a, trainable), new Parameter(bn, b, trainable), scaling, config.Dropout)));
            used.Add(an); used.Add(bn);
        }
        var unused = tensors.Keys.Where(k => !used.Contains(k)).ToList();
        if (unused.Count > 0)
            throw new InputException($"adapter: tensor \"{unused[0]}\" matches no linear layer of this model" + (unused.Count > 1 ? $" (and {unused.Count - 1} more)" : ""));
        if (used.Count == 0) throw new InputException("adapter: no LoRA tensors found");
        foreach (var (lin, adapter) in plan) lin.Lora = adapter;
        SetFullTraining(false);
        Lora = config;
        _dropoutSeed = (ulong)config.Seed;
    }

    /// <summary>W ← W + s·B·A for every adapter, then removes the adapters (outputs unchanged up to rounding).</summary>
    public void MergeLora()
    {
        foreach (var (_, lin) in NamedLinears())
        {
            if (lin.Lora is not { } lora) continue;
            lin.MergeLora();
            lora.A.Dispose();
            lora.B.Dispose();
        }
        Lora = null;
    }

    /// <summary>The adapter parameters (PEFT names), in layer order; empty without LoRA.</summary>
    public IReadOnlyList<Parameter> LoraParameters =>
        NamedLinears().Where(x => x.Layer.Lora is not null).SelectMany(x => new[] { x.Layer.Lora!.A, x.Layer.Lora!.B }).ToList();
}
