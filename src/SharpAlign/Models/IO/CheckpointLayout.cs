namespace SharpAlign.Models.IO;

/// <summary>A tensor a model needs: its Hugging Face name and shape.</summary>
/// <param name="Name">State-dict key as transformers writes it (e.g. "model.layers.0.self_attn.q_proj.weight").</param>
/// <param name="Shape">Expected dimensions (nn.Linear weights are [out, in]).</param>
public sealed record TensorSpec(string Name, int[] Shape)
{
    /// <summary>The shape as "[a, b]" for messages.</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}

/// <summary>
/// The weight-name map: every tensor a <see cref="ModelConfig"/> needs, with the names and shapes
/// transformers uses for LlamaForCausalLM, Qwen2ForCausalLM, MistralForCausalLM and
/// Gemma2ForCausalLM. Also names the linear layers a LoRA adapter can target.
/// </summary>
public static class CheckpointLayout
{
    /// <summary>Name of the token embedding matrix [vocab, hidden].</summary>
    public const string EmbedTokens = "model.embed_tokens.weight";
    /// <summary>Name of the final norm weight [hidden].</summary>
    public const string FinalNorm = "model.norm.weight";
    /// <summary>Name of the output head [vocab, hidden] (absent when embeddings are tied).</summary>
    public const string LmHead = "lm_head.weight";

    /// <summary>The attention projections, in the order transformers declares them.</summary>
    public static readonly string[] AttentionProjections = ["q_proj", "k_proj", "v_proj", "o_proj"];
    /// <summary>The MLP projections.</summary>
    public static readonly string[] MlpProjections = ["gate_proj", "up_proj", "down_proj"];
    /// <summary>Every linear layer name inside a decoder layer (what LoRA <c>target_modules</c> may name).</summary>
    public static readonly string[] LinearModules = [.. AttentionProjections, .. MlpProjections];

    /// <summary>Prefix of decoder layer <paramref name="i"/>'s tensors, e.g. "model.layers.3".</summary>
    public static string Layer(int i) => $"model.layers.{i}";

    /// <summary>Module path of a linear layer, e.g. ("model.layers.0.self_attn.q_proj").</summary>
    public static string LinearModulePath(int layer, string module) =>
        AttentionProjections.Contains(module) ? $"{Layer(layer)}.self_attn.{module}"
        : MlpProjections.Contains(module) ? $"{Layer(layer)}.mlp.{module}"
        : throw new ArgumentException($"'{module}' is not a linear layer (expected one of {string.Join(", ", LinearModules)})", nameof(module));

    /// <summary>Input and output features of a linear layer of this config (weights are [out, in]).</summary>
    public static (int In, int Out) LinearShape(ModelConfig c, string module)
    {
        int q = c.NumHeads * c.HeadDim, kv = c.NumKvHeads * c.HeadDim;
        return module switch
        {
            "q_proj" => (c.HiddenSize, q),
            "k_proj" or "v_proj" => (c.HiddenSize, kv),
            "o_proj" => (q, c.HiddenSize),
            "gate_proj" or "up_proj" => (c.HiddenSize, c.IntermediateSize),
            "down_proj" => (c.IntermediateSize, c.HiddenSize),
            _ => throw new ArgumentException($"'{module}' is not a linear layer (expected one of {string.Join(", ", LinearModules)})", nameof(module)),
        };
    }

    /// <summary>Whether a linear layer carries a bias under this config.</summary>
    public static bool HasBias(ModelConfig c, string module) => module switch
    {
        "q_proj" or "k_proj" or "v_proj" => c.AttentionBias,
        "o_proj" => c.OutputBias,
        _ => c.MlpBias,
    };

    /// <summary>The norms of one decoder layer, by name suffix.</summary>
    public static IEnumerable<string> LayerNorms(ModelConfig c) => c.SandwichNorms
        ? ["input_layernorm", "post_attention_layernorm", "pre_feedforward_layernorm", "post_feedforward_layernorm"]
        : ["input_layernorm", "post_attention_layernorm"];

    /// <summary>
    /// Every tensor the model needs, in transformers' state-dict order. <c>lm_head.weight</c> is
    /// included only when embeddings are not tied.
    /// </summary>
    public static IReadOnlyList<TensorSpec> ExpectedTensors(ModelConfig c)
    {
        var list = new List<TensorSpec> { new(EmbedTokens, [c.VocabSize, c.HiddenSize]) };
        for (int i = 0; i < c.NumLayers; i++)
        {
            string p = Layer(i);
            foreach (var m in LinearModules)
            {
                var (inF, outF) = LinearShape(c, m);
                string path = LinearModulePath(i, m);
                list.Add(new($"{path}.weight", [outF, inF]));
                if (HasBias(c, m)) list.Add(new($"{path}.bias", [outF]));
            }
            foreach (var n in LayerNorms(c)) list.Add(new($"{p}.{n}.weight", [c.HiddenSize]));
        }
        list.Add(new(FinalNorm, [c.HiddenSize]));
        if (!c.TieWordEmbeddings) list.Add(new(LmHead, [c.VocabSize, c.HiddenSize]));
        return list;
    }
}
