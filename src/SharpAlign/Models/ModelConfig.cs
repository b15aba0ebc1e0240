namespace SharpAlign.Models;

/// <summary>The decoder-only families SharpAlign loads.</summary>
public enum ModelFamily
{
    /// <summary>Llama (TinyLlama, SmolLM/SmolLM2, EuroLLM, Llama-3).</summary>
    Llama,
    /// <summary>Qwen2 / Qwen2.5: Llama with q/k/v bias.</summary>
    Qwen2,
    /// <summary>Mistral: Llama with an optional sliding window.</summary>
    Mistral,
    /// <summary>Gemma-2: scaled embeddings, (1+w) RMSNorm, sandwich norms, soft-capping, GeGLU-tanh, alternating sliding window.</summary>
    Gemma2,
}

/// <summary>Rotary scaling as config.json declares it (<c>rope_scaling</c> or <c>rope_parameters</c>).</summary>
/// <param name="Type">"default", "linear" or "llama3".</param>
/// <param name="Factor">Scaling factor.</param>
/// <param name="LowFreqFactor">llama3 only.</param>
/// <param name="HighFreqFactor">llama3 only.</param>
/// <param name="OriginalMaxPositionEmbeddings">llama3 only.</param>
public sealed record RopeScaling(string Type, double Factor = 1, double LowFreqFactor = 1, double HighFreqFactor = 4, int OriginalMaxPositionEmbeddings = 8192);

/// <summary>
/// Everything the model code needs from a Hugging Face <c>config.json</c>, as plain data with the
/// family's defaults already applied. Parsing and validation live in the config reader.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>Model family.</summary>
    public required ModelFamily Family { get; init; }
    /// <summary>config.json's <c>model_type</c>, as written.</summary>
    public required string ModelType { get; init; }
    /// <summary><c>hidden_size</c>.</summary>
    public required int HiddenSize { get; init; }
    /// <summary><c>intermediate_size</c>.</summary>
    public required int IntermediateSize { get; init; }
    /// <summary><c>num_hidden_layers</c>.</summary>
    public required int NumLayers { get; init; }
    /// <summary><c>num_attention_heads</c>.</summary>
    public required int NumHeads { get; init; }
    /// <summary><c>num_key_value_heads</c> (defaults to the head count).</summary>
    public required int NumKvHeads { get; init; }
    /// <summary><c>head_dim</c> (defaults to hidden / heads).</summary>
    public required int HeadDim { get; init; }
    /// <summary><c>vocab_size</c>.</summary>
    public required int VocabSize { get; init; }
    /// <summary><c>max_position_embeddings</c>.</summary>
    public int MaxPositionEmbeddings { get; init; } = 2048;
    /// <summary><c>rms_norm_eps</c>.</summary>
    public float RmsNormEps { get; init; } = 1e-6f;
    /// <summary><c>rope_theta</c> (or <c>rope_parameters.rope_theta</c>).</summary>
    public double RopeTheta { get; init; } = 10000;
    /// <summary>Rotary scaling, null for none.</summary>
    public RopeScaling? RopeScaling { get; init; }
    /// <summary><c>tie_word_embeddings</c>: the output head reuses the embedding matrix.</summary>
    public bool TieWordEmbeddings { get; init; }
    /// <summary>Bias on q/k/v projections (Qwen2 always; Llama's <c>attention_bias</c>).</summary>
    public bool AttentionBias { get; init; }
    /// <summary>Bias on the o projection (only when <c>attention_bias</c> says so for Llama; never for Qwen2).</summary>
    public bool OutputBias { get; init; }
    /// <summary>Bias on the MLP projections (<c>mlp_bias</c>).</summary>
    public bool MlpBias { get; init; }
    /// <summary>MLP activation: "silu" or "gelu_pytorch_tanh".</summary>
    public string HiddenAct { get; init; } = "silu";
    /// <summary>Sliding-window size, null for full attention.</summary>
    public int? SlidingWindow { get; init; }
    /// <summary>True when only every other layer (even indices, as in Gemma-2) uses the sliding window.</summary>
    public bool AlternatingSlidingWindow { get; init; }
    /// <summary>Gemma-2: multiply embeddings by sqrt(hidden).</summary>
    public bool ScaleEmbeddings { get; init; }
    /// <summary>Gemma-2: RMSNorm multiplies by (1 + w) instead of w.</summary>
    public bool NormAddsOne { get; init; }
    /// <summary>Gemma-2: extra post-attention, pre- and post-feed-forward norms.</summary>
    public bool SandwichNorms { get; init; }
    /// <summary>Gemma-2: tanh soft-capping of attention scores, null for none.</summary>
    public float? AttnLogitSoftcapping { get; init; }
    /// <summary>Gemma-2: tanh soft-capping of the final logits, null for none.</summary>
    public float? FinalLogitSoftcapping { get; init; }
    /// <summary>Attention scores are scaled by 1/sqrt(this) (Gemma-2's <c>query_pre_attn_scalar</c>; else head_dim).</summary>
    public required float QueryPreAttnScalar { get; init; }
    /// <summary><c>bos_token_id</c>, when given.</summary>
    public int? BosTokenId { get; init; }
    /// <summary><c>pad_token_id</c>, when given (its embedding row gets no gradient in Hugging Face training).</summary>
    public int? PadTokenId { get; init; }
    /// <summary><c>eos_token_id</c> (one or a list), empty when not given.</summary>
    public int[] EosTokenIds { get; init; } = [];
    /// <summary>Storage dtype declared by <c>torch_dtype</c> / <c>dtype</c> ("float32", "bfloat16", "float16").</summary>
    public string TorchDtype { get; init; } = "float32";
}
