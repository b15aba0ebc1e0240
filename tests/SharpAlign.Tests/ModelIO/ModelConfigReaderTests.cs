using SharpAlign.Models;
using SharpAlign.Models.IO;

namespace SharpAlign.Tests.ModelIO;

public class ModelConfigReaderTests
{
    private static string ConfigFile(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "ModelIO", "configs", name);

    [Fact]
    public void TinyLlama()
    {
        var c = ModelConfigReader.Read(ConfigFile("tinyllama-1.1b-chat.json"));
        Assert.Equal(ModelFamily.Llama, c.Family);
        Assert.Equal("llama", c.ModelType);
        Assert.Equal((2048, 5632, 22, 32, 4, 64, 32000), (c.HiddenSize, c.IntermediateSize, c.NumLayers, c.NumHeads, c.NumKvHeads, c.HeadDim, c.VocabSize));
        Assert.Equal(2048, c.MaxPositionEmbeddings);
        Assert.Equal(1e-5f, c.RmsNormEps);
        Assert.Equal(10000, c.RopeTheta);
        Assert.Null(c.RopeScaling);
        Assert.False(c.TieWordEmbeddings);
        Assert.False(c.AttentionBias);
        Assert.False(c.OutputBias);
        Assert.False(c.MlpBias);
        Assert.Equal("silu", c.HiddenAct);
        Assert.Null(c.SlidingWindow);
        Assert.False(c.ScaleEmbeddings || c.NormAddsOne || c.SandwichNorms);
        Assert.Null(c.AttnLogitSoftcapping);
        Assert.Null(c.FinalLogitSoftcapping);
        Assert.Equal(64f, c.QueryPreAttnScalar);
        Assert.Equal(1, c.BosTokenId);
        Assert.Equal([2], c.EosTokenIds);
        Assert.Null(c.PadTokenId);
        Assert.Equal("bfloat16", c.TorchDtype);
    }

    [Fact]
    public void SmolLM2_TiedAndUnknownKeysIgnored()
    {
        var c = ModelConfigReader.Read(ConfigFile("smollm2-135m.json"));
        Assert.Equal((576, 1536, 30, 9, 3, 64, 49152), (c.HiddenSize, c.IntermediateSize, c.NumLayers, c.NumHeads, c.NumKvHeads, c.HeadDim, c.VocabSize));
        Assert.True(c.TieWordEmbeddings);
        Assert.Equal(100000, c.RopeTheta);
        Assert.Equal(8192, c.MaxPositionEmbeddings);
        Assert.Equal(0, c.BosTokenId);
        Assert.Equal([0], c.EosTokenIds);
    }

    [Fact]
    public void Llama32_Llama3RopeScalingAndEosList()
    {
        var c = ModelConfigReader.Read(ConfigFile("llama-3.2-1b-instruct.json"));
        Assert.Equal(new RopeScaling("llama3", 32, 1, 4, 8192), c.RopeScaling);
        Assert.Equal(500000, c.RopeTheta);
        Assert.Equal([128001, 128008, 128009], c.EosTokenIds);
        Assert.Equal(128000, c.BosTokenId);
        Assert.Equal(64, c.HeadDim);
        Assert.True(c.TieWordEmbeddings);
    }

    [Fact]
    public void Qwen25_QkvBiasNoOutputBiasNoWindow()
    {
        var c = ModelConfigReader.Read(ConfigFile("qwen2.5-0.5b-instruct.json"));
        Assert.Equal(ModelFamily.Qwen2, c.Family);
        Assert.Equal((896, 4864, 24, 14, 2, 64, 151936), (c.HiddenSize, c.IntermediateSize, c.NumLayers, c.NumHeads, c.NumKvHeads, c.HeadDim, c.VocabSize));
        Assert.True(c.AttentionBias);
        Assert.False(c.OutputBias);
        Assert.False(c.MlpBias);
        Assert.Null(c.SlidingWindow);
        Assert.Equal(1e-6f, c.RmsNormEps);
        Assert.Equal(1e6, c.RopeTheta);
        Assert.Equal([151645], c.EosTokenIds);
    }

    [Fact]
    public void Mistral_SlidingWindowEveryLayer()
    {
        var c = ModelConfigReader.Read(ConfigFile("mistral-7b-v0.1.json"));
        Assert.Equal(ModelFamily.Mistral, c.Family);
        Assert.Equal(4096, c.SlidingWindow);
        Assert.False(c.AlternatingSlidingWindow);
        Assert.Equal(128, c.HeadDim);
        Assert.Equal(8, c.NumKvHeads);
        Assert.False(c.AttentionBias);
    }

    [Fact]
    public void Gemma2_AllFamilyFeatures()
    {
        var c = ModelConfigReader.Read(ConfigFile("gemma-2-2b.json"));
        Assert.Equal(ModelFamily.Gemma2, c.Family);
        Assert.Equal((2304, 9216, 26, 8, 4, 256, 256000), (c.HiddenSize, c.IntermediateSize, c.NumLayers, c.NumHeads, c.NumKvHeads, c.HeadDim, c.VocabSize));
        Assert.True(c.ScaleEmbeddings && c.NormAddsOne && c.SandwichNorms);
        Assert.Equal(50f, c.AttnLogitSoftcapping);
        Assert.Equal(30f, c.FinalLogitSoftcapping);
        Assert.Equal(256f, c.QueryPreAttnScalar);
        Assert.Equal(4096, c.SlidingWindow);
        Assert.True(c.AlternatingSlidingWindow);
        Assert.Equal("gelu_pytorch_tanh", c.HiddenAct);
        Assert.True(c.TieWordEmbeddings);
        Assert.Equal((2, 0), (c.BosTokenId, c.PadTokenId));
        Assert.Equal([1], c.EosTokenIds);
        Assert.Equal("float32", c.TorchDtype);
    }

    [Fact]
    public void MinimalConfigs_GetTheConfigClassDefaults()
    {
        var llama = ModelConfigReader.Parse("""{"model_type":"llama","hidden_size":64,"num_attention_heads":4}""");
        Assert.Equal((4, 16, 32000, 11008, 32, 2048), (llama.NumKvHeads, llama.HeadDim, llama.VocabSize, llama.IntermediateSize, llama.NumLayers, llama.MaxPositionEmbeddings));
        Assert.False(llama.TieWordEmbeddings);
        Assert.Equal(1e-6f, llama.RmsNormEps);
        Assert.Equal((1, 2), (llama.BosTokenId, llama.EosTokenIds.Single()));
        Assert.Equal("float32", llama.TorchDtype);

        var mistral = ModelConfigReader.Parse("""{"model_type":"mistral"}""");
        Assert.Equal((4096, 32, 8, 128, 14336, 4096 * 32), (mistral.HiddenSize, mistral.NumHeads, mistral.NumKvHeads, mistral.HeadDim, mistral.IntermediateSize, mistral.MaxPositionEmbeddings));
        Assert.Equal(4096, mistral.SlidingWindow);
        // An explicit null means multi-head attention / no window.
        var mistralNulls = ModelConfigReader.Parse("""{"model_type":"mistral","num_key_value_heads":null,"sliding_window":null}""");
        Assert.Equal(32, mistralNulls.NumKvHeads);
        Assert.Null(mistralNulls.SlidingWindow);

        var qwen = ModelConfigReader.Parse("""{"model_type":"qwen2"}""");
        Assert.Equal((151936, 32, 32768), (qwen.VocabSize, qwen.NumKvHeads, qwen.MaxPositionEmbeddings));
        Assert.Null(qwen.BosTokenId);
        Assert.Empty(qwen.EosTokenIds);

        var gemma = ModelConfigReader.Parse("""{"model_type":"gemma2"}""");
        Assert.Equal((2304, 9216, 26, 8, 4, 256, 256000), (gemma.HiddenSize, gemma.IntermediateSize, gemma.NumLayers, gemma.NumHeads, gemma.NumKvHeads, gemma.HeadDim, gemma.VocabSize));
        Assert.Equal((50f, 30f, 256f), (gemma.AttnLogitSoftcapping, gemma.FinalLogitSoftcapping, gemma.QueryPreAttnScalar));
        Assert.Equal((2, 0), (gemma.BosTokenId, gemma.PadTokenId));
        Assert.True(gemma.TieWordEmbeddings);
        var gemmaNoCaps = ModelConfigReader.Parse("""{"model_type":"gemma2","attn_logit_softcapping":null,"final_logit_softcapping":null,"sliding_window":null}""");
        Assert.Null(gemmaNoCaps.AttnLogitSoftcapping);
        Assert.Null(gemmaNoCaps.FinalLogitSoftcapping);
        Assert.Null(gemmaNoCaps.SlidingWindow);
        Assert.False(gemmaNoCaps.AlternatingSlidingWindow);
    }

    [Fact]
    public void LlamaAttentionBiasCoversOutputProjection()
    {
        var c = ModelConfigReader.Parse("""{"model_type":"llama","hidden_size":64,"num_attention_heads":4,"attention_bias":true,"mlp_bias":true}""");
        Assert.True(c.AttentionBias && c.OutputBias && c.MlpBias);
    }

    [Fact]
    public void RopeScaling_LegacyTypeKeyAndLinear()
    {
        var c = ModelConfigReader.Parse("""{"model_type":"llama","rope_theta":20000,"rope_scaling":{"type":"linear","factor":4.0}}""");
        Assert.Equal(new RopeScaling("linear", 4), c.RopeScaling);
        Assert.Equal(20000, c.RopeTheta);
        var d = ModelConfigReader.Parse("""{"model_type":"llama","rope_scaling":{"rope_type":"default"}}""");
        Assert.Null(d.RopeScaling);
    }

    [Fact]
    public void RopeParameters_Transformers5Layout()
    {
        var c = ModelConfigReader.Parse("""
            {"model_type":"llama","dtype":"bfloat16",
             "rope_parameters":{"factor":32.0,"high_freq_factor":4.0,"low_freq_factor":1.0,
                                "original_max_position_embeddings":8192,"rope_theta":500000.0,"rope_type":"llama3"}}
            """);
        Assert.Equal(500000, c.RopeTheta);
        Assert.Equal(new RopeScaling("llama3", 32, 1, 4, 8192), c.RopeScaling);
        Assert.Equal("bfloat16", c.TorchDtype);

        var plain = ModelConfigReader.Parse("""{"model_type":"qwen2","rope_parameters":{"rope_type":"default","rope_theta":1000000.0}}""");
        Assert.Equal(1e6, plain.RopeTheta);
        Assert.Null(plain.RopeScaling);

        var perType = ModelConfigReader.Parse("""
            {"model_type":"gemma2","rope_parameters":{"full_attention":{"rope_type":"default","rope_theta":20000.0},
                                                      "sliding_attention":{"rope_type":"default","rope_theta":20000.0}}}
            """);
        Assert.Equal(20000, perType.RopeTheta);
    }

    [Fact]
    public void Dtype_NewKeyWinsOverTorchDtype()
    {
        Assert.Equal("float16", ModelConfigReader.Parse("""{"model_type":"llama","torch_dtype":"bfloat16","dtype":"float16"}""").TorchDtype);
        Assert.Equal("bfloat16", ModelConfigReader.Parse("""{"model_type":"llama","torch_dtype":"bfloat16"}""").TorchDtype);
        Assert.Equal("float32", ModelConfigReader.Parse("""{"model_type":"llama"}""").TorchDtype);
    }

    [Fact]
    public void LayerTypes_MatchingTheFamilyPatternAreAccepted()
    {
        var g = ModelConfigReader.Parse("""{"model_type":"gemma2","num_hidden_layers":3,"layer_types":["sliding_attention","full_attention","sliding_attention"]}""");
        Assert.True(g.AlternatingSlidingWindow);
        var q = ModelConfigReader.Parse("""{"model_type":"qwen2","num_hidden_layers":2,"layer_types":["full_attention","full_attention"]}""");
        Assert.Null(q.SlidingWindow);
    }

    [Theory]
    [InlineData("""{"model_type":"gpt_neox"}""", "'model_type'", "\"gpt_neox\"")]
    [InlineData("""{"hidden_size":64}""", "'model_type'", "missing")]
    [InlineData("""{"model_type":"llama","rope_scaling":{"rope_type":"yarn","factor":4}}""", "'rope_scaling.rope_type'", "\"yarn\"")]
    [InlineData("""{"model_type":"llama","rope_scaling":{"type":"dynamic","factor":2}}""", "'rope_scaling.type'", "\"dynamic\"")]
    [InlineData("""{"model_type":"llama","rope_scaling":{"rope_type":"llama3","factor":8,"high_freq_factor":4,"original_max_position_embeddings":8192}}""", "'rope_scaling.low_freq_factor'", "llama3")]
    [InlineData("""{"model_type":"llama","rope_scaling":{"rope_type":"linear"}}""", "'rope_scaling.factor'", "linear")]
    [InlineData("""{"model_type":"llama","rope_scaling":{"rope_type":"linear","factor":-1}}""", "'rope_scaling.factor'", "-1")]
    [InlineData("""{"model_type":"llama","rope_parameters":{"rope_type":"longrope","rope_theta":10000}}""", "'rope_parameters.rope_type'", "\"longrope\"")]
    [InlineData("""{"model_type":"gemma2","rope_parameters":{"full_attention":{"rope_theta":10000},"sliding_attention":{"rope_theta":1000}}}""", "'rope_parameters'", "same settings")]
    [InlineData("""{"model_type":"llama","torch_dtype":"int8"}""", "'torch_dtype'", "\"int8\"")]
    [InlineData("""{"model_type":"llama","dtype":"float64"}""", "'dtype'", "\"float64\"")]
    [InlineData("""{"model_type":"llama","hidden_act":"relu"}""", "'hidden_act'", "\"relu\"")]
    [InlineData("""{"model_type":"gemma2","hidden_activation":"gelu"}""", "'hidden_activation'", "\"gelu\"")]
    [InlineData("""{"model_type":"llama","num_attention_heads":32,"num_key_value_heads":5}""", "'num_key_value_heads'", "5")]
    [InlineData("""{"model_type":"llama","hidden_size":100,"num_attention_heads":3}""", "'hidden_size'", "100")]
    [InlineData("""{"model_type":"llama","hidden_size":"big"}""", "'hidden_size'", "\"big\"")]
    [InlineData("""{"model_type":"llama","hidden_size":0}""", "'hidden_size'", "0")]
    [InlineData("""{"model_type":"llama","quantization_config":{"quant_method":"gptq"}}""", "'quantization_config'", "gptq")]
    [InlineData("""{"model_type":"llama","partial_rotary_factor":0.5}""", "'partial_rotary_factor'", "0.5")]
    [InlineData("""{"model_type":"qwen2","num_hidden_layers":4,"use_sliding_window":true,"max_window_layers":2}""", "'use_sliding_window'", "true")]
    [InlineData("""{"model_type":"gemma2","num_hidden_layers":2,"layer_types":["full_attention","full_attention"]}""", "'layer_types'", "entry 0")]
    [InlineData("""{"model_type":"llama","eos_token_id":[1,"x"]}""", "'eos_token_id'", "\"x\"")]
    [InlineData("""{"model_type":"llama","tie_word_embeddings":"yes"}""", "'tie_word_embeddings'", "\"yes\"")]
    public void UnsupportedOrInvalidValues_NameFieldValueAndFile(string json, string field, string value)
    {
        var e = Assert.Throws<InputException>(() => ModelConfigReader.Parse(json, "some/dir/config.json"));
        Assert.Contains("some/dir/config.json", e.Message);
        Assert.Contains(field, e.Message);
        Assert.Contains(value, e.Message);
    }

    [Fact]
    public void BrokenJsonFile_NamesFile()
    {
        string dir = Directory.CreateTempSubdirectory("sa-cfg").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "config.json"), """{"model_type": "llama", "hidden_size": }""");
            var e = Assert.Throws<InputException>(() => ModelConfigReader.ReadFolder(dir));
            Assert.Contains(Path.Combine(dir, "config.json"), e.Message);
            Assert.Contains("not valid JSON", e.Message);
            var missing = Assert.Throws<InputException>(() => ModelConfigReader.ReadFolder(Path.Combine(dir, "nope")));
            Assert.Contains("not found", missing.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    public static TheoryData<string> RealConfigs => new() { "tinyllama-1.1b-chat.json", "smollm2-135m.json", "llama-3.2-1b-instruct.json", "qwen2.5-0.5b-instruct.json", "mistral-7b-v0.1.json", "gemma-2-2b.json" };

    [Theory]
    [MemberData(nameof(RealConfigs))]
    public void Writer_RoundTripsEveryFamily(string file)
    {
        var c = ModelConfigReader.Read(ConfigFile(file));
        var back = ModelConfigReader.Parse(ModelConfigWriter.ToJson(c), "written");
        Assert.Equal(c.EosTokenIds, back.EosTokenIds);
        Assert.Equal(c with { EosTokenIds = [] }, back with { EosTokenIds = [] });
    }

    [Fact]
    public void Writer_RoundTripsLinearScalingAndNullWindow()
    {
        var c = ModelConfigReader.Parse("""{"model_type":"mistral","sliding_window":null,"rope_scaling":{"type":"linear","factor":2.5},"eos_token_id":[5,6],"pad_token_id":3}""");
        string dir = Directory.CreateTempSubdirectory("sa-cfgw").FullName;
        try
        {
            ModelConfigWriter.WriteFolder(c, dir);
            var back = ModelConfigReader.ReadFolder(dir);
            Assert.Equal(c with { EosTokenIds = [] }, back with { EosTokenIds = [] });
            Assert.Equal([5, 6], back.EosTokenIds);
            Assert.Single(Directory.GetFiles(dir));
        }
        finally { Directory.Delete(dir, true); }
    }
}
