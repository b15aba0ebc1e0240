namespace SharpAlign.Models.IO;

/// <summary>
/// The defaults of each transformers config class (the constructor defaults of <c>LlamaConfig</c>,
/// <c>Qwen2Config</c>, <c>MistralConfig</c>, <c>Gemma2Config</c>), used for fields a config.json
/// leaves out. A null <see cref="NumKvHeads"/> means "same as the head count"; a null
/// <see cref="HeadDim"/> means "hidden / heads".
/// </summary>
internal sealed record FamilyDefaults(
    ModelFamily Family,
    string Architecture,
    int VocabSize,
    int HiddenSize,
    int IntermediateSize,
    int NumLayers,
    int NumHeads,
    int? NumKvHeads,
    int? HeadDim,
    int MaxPositionEmbeddings,
    double RopeTheta,
    bool TieWordEmbeddings,
    string HiddenAct,
    int? BosTokenId,
    int? EosTokenId,
    int? PadTokenId)
{
    private static readonly Dictionary<string, FamilyDefaults> ByModelType = new()
    {
        ["llama"] = new(ModelFamily.Llama, "LlamaForCausalLM", 32000, 4096, 11008, 32, 32, null, null, 2048, 10000, false, "silu", 1, 2, null),
        ["mistral"] = new(ModelFamily.Mistral, "MistralForCausalLM", 32000, 4096, 14336, 32, 32, 8, null, 4096 * 32, 10000, false, "silu", 1, 2, null),
        ["qwen2"] = new(ModelFamily.Qwen2, "Qwen2ForCausalLM", 151936, 4096, 22016, 32, 32, 32, null, 32768, 10000, false, "silu", null, null, null),
        ["gemma2"] = new(ModelFamily.Gemma2, "Gemma2ForCausalLM", 256000, 2304, 9216, 26, 8, 4, 256, 8192, 10000, true, "gelu_pytorch_tanh", 2, 1, 0),
    };

    /// <summary>The <c>model_type</c> values SharpAlign reads.</summary>
    public static IEnumerable<string> SupportedModelTypes => ByModelType.Keys;

    /// <summary>Defaults for a <c>model_type</c>, or null when it is not supported.</summary>
    public static FamilyDefaults? For(string modelType) => ByModelType.GetValueOrDefault(modelType);

    /// <summary>Defaults for a family.</summary>
    public static FamilyDefaults For(ModelFamily family) => ByModelType.Values.First(d => d.Family == family);
}
