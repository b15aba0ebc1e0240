using SharpAlign.Models;
using SharpAlign.Models.IO;
using SharpAlign.Tensors;

namespace SharpAlign.Tests.ModelIO;

public class CheckpointLoaderTests
{
    private static void DisposeAll(LoadedCheckpoint c)
    {
        foreach (var t in c.Tensors.Values) t.Dispose();
    }

    private static float[] Expected(ModelConfig c, string name, int seed, int[] shape)
    {
        var v = new float[Tensor.ElementCount(shape)];
        RandomCheckpoint.Fill(c, name, seed, v);
        return v;
    }

    [Theory]
    [InlineData("llama", false)]
    [InlineData("qwen2", false)]
    [InlineData("mistral", false)]
    [InlineData("gemma2", true)]
    public void RandomTinyModel_LoadsWithEveryExpectedTensor(string arch, bool tied)
    {
        using var dir = new TempDir();
        var config = RandomCheckpoint.CreateConfig(arch);
        Assert.Equal(tied, config.TieWordEmbeddings);
        RandomCheckpoint.Write(dir.Path, config, seed: 5, SafetensorsDtype.F32);
        var loaded = CheckpointLoader.Load(dir.Path);
        try
        {
            Assert.Equal(config with { EosTokenIds = [] }, loaded.Config with { EosTokenIds = [] });
            Assert.Equal(SafetensorsDtype.F32, loaded.StorageDtype);
            var specs = CheckpointLayout.ExpectedTensors(config);
            Assert.Equal(specs.Select(s => s.Name).Order(), loaded.Tensors.Keys.Order());
            Assert.Equal(!tied, loaded.Tensors.ContainsKey("lm_head.weight"));
            foreach (var s in specs)
            {
                var t = loaded.Tensors[s.Name];
                Assert.Equal(s.Shape, t.Shape);
                Assert.Equal(Expected(config, s.Name, 5, s.Shape), t.Span.ToArray());
            }
            float norm = arch == "gemma2" ? 0f : 1f;
            Assert.All(loaded.Tensors["model.layers.1.input_layernorm.weight"].Span.ToArray(), v => Assert.Equal(norm, v));
            if (arch == "qwen2")
            {
                Assert.Equal([config.NumKvHeads * config.HeadDim], loaded.Tensors["model.layers.0.self_attn.k_proj.bias"].Shape);
                Assert.False(loaded.Tensors.ContainsKey("model.layers.0.self_attn.o_proj.bias"));
            }
            if (arch == "gemma2")
                Assert.True(loaded.Tensors.ContainsKey("model.layers.0.pre_feedforward_layernorm.weight"));
        }
        finally { DisposeAll(loaded); }
    }

    [Fact]
    public void Bf16Checkpoint_LoadsRoundedValues_AndSharded()
    {
        using var dir = new TempDir();
        var config = RandomCheckpoint.CreateConfig("llama");
        RandomCheckpoint.Write(dir.Path, config, seed: 9, SafetensorsDtype.BF16, maxShardBytes: 50_000);
        Assert.True(File.Exists(dir.File("model.safetensors.index.json")));
        Assert.Equal("bfloat16", ModelConfigReader.ReadFolder(dir.Path).TorchDtype);
        var loaded = CheckpointLoader.Load(dir.Path);
        try
        {
            Assert.Equal(SafetensorsDtype.BF16, loaded.StorageDtype);
            var spec = CheckpointLayout.ExpectedTensors(config).First(s => s.Name.EndsWith("mlp.down_proj.weight"));
            var exact = Expected(config, spec.Name, 9, spec.Shape);
            var got = loaded.Tensors[spec.Name].Span;
            for (int i = 0; i < exact.Length; i++)
                Assert.Equal(StorageConversion.Bf16ToFloat(StorageConversion.FloatToBf16(exact[i])), got[i]);
        }
        finally { DisposeAll(loaded); }
    }

    [Fact]
    public void RandomInit_IsSeededAndHasTheRequestedScale()
    {
        var config = RandomCheckpoint.CreateConfig("llama", sizes: new RandomModelSizes(HiddenSize: 256, IntermediateSize: 1024));
        var a = Expected(config, "model.layers.0.mlp.up_proj.weight", 1, [1024, 256]);
        Assert.Equal(a, Expected(config, "model.layers.0.mlp.up_proj.weight", 1, [1024, 256]));
        Assert.NotEqual(a, Expected(config, "model.layers.0.mlp.up_proj.weight", 2, [1024, 256]));
        Assert.NotEqual(a, Expected(config, "model.layers.0.mlp.gate_proj.weight", 1, [1024, 256]));
        double mean = a.Average(v => (double)v);
        double std = Math.Sqrt(a.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.0005, 0.0005);   // 262144 samples: standard error of the mean 4e-5
        Assert.InRange(std, 0.0198, 0.0202);     // standard error of the std ~3e-5
        Assert.InRange(a.Count(v => Math.Abs(v) < 0.02) / (double)a.Length, 0.68, 0.69);  // ±1σ holds 68.3%
    }

    [Fact]
    public void Presets_HaveTheRealModelsParameterCounts()
    {
        var smol = RandomCheckpoint.CreateConfig("llama", "smollm-135m");
        Assert.Equal((576, 1536, 30, 9, 3, 49152, 64), (smol.HiddenSize, smol.IntermediateSize, smol.NumLayers, smol.NumHeads, smol.NumKvHeads, smol.VocabSize, smol.HeadDim));
        Assert.True(smol.TieWordEmbeddings);
        Assert.Equal((100000.0, 1e-5f), (smol.RopeTheta, smol.RmsNormEps));
        Assert.Equal(134_515_008, CheckpointLayout.ExpectedTensors(smol).Sum(t => Tensor.ElementCount(t.Shape)));

        var tl = RandomCheckpoint.CreateConfig("llama", "tinyllama-1.1b");
        Assert.False(tl.TieWordEmbeddings);
        Assert.Equal(1e-5f, tl.RmsNormEps);
        Assert.Equal(1_100_048_384, CheckpointLayout.ExpectedTensors(tl).Sum(t => Tensor.ElementCount(t.Shape)));
    }

    [Fact]
    public void MissingTensor_NamesFileTensorAndShape()
    {
        using var dir = new TempDir();
        var config = RandomCheckpoint.CreateConfig("llama");
        var specs = CheckpointLayout.ExpectedTensors(config).Where(s => s.Name != "model.layers.1.self_attn.v_proj.weight");
        WriteTensors(dir.Path, config, specs);
        var e = Assert.Throws<InputException>(() => CheckpointLoader.Load(dir.Path));
        Assert.Contains("'model.layers.1.self_attn.v_proj.weight' [32, 64]", e.Message);
        Assert.Contains("model.safetensors", e.Message);
        Assert.Contains(dir.Path, e.Message);
    }

    [Fact]
    public void UntiedWithoutLmHead_SaysWhy()
    {
        using var dir = new TempDir();
        var config = RandomCheckpoint.CreateConfig("mistral");
        WriteTensors(dir.Path, config, CheckpointLayout.ExpectedTensors(config).Where(s => s.Name != "lm_head.weight"));
        var e = Assert.Throws<InputException>(() => CheckpointLoader.Load(dir.Path));
        Assert.Contains("'lm_head.weight' [256, 64]", e.Message);
        Assert.Contains("tie_word_embeddings", e.Message);
    }

    [Fact]
    public void MisShapedTensor_NamesExpectedAndActual()
    {
        using var dir = new TempDir();
        var config = RandomCheckpoint.CreateConfig("qwen2");
        var specs = CheckpointLayout.ExpectedTensors(config)
            .Select(s => s.Name == "model.layers.0.self_attn.q_proj.bias" ? s with { Shape = [63] } : s);
        WriteTensors(dir.Path, config, specs);
        var e = Assert.Throws<InputException>(() => CheckpointLoader.Load(dir.Path));
        Assert.Contains("'model.layers.0.self_attn.q_proj.bias'", e.Message);
        Assert.Contains("shape [63], expected [64]", e.Message);
        Assert.Contains(Path.Combine(dir.Path, "model.safetensors"), e.Message);
    }

    [Fact]
    public void PrefixlessNamesAndExtraTensorsAreAccepted_StoredHeadIgnoredWhenTied()
    {
        using var dir = new TempDir();
        var config = RandomCheckpoint.CreateConfig("llama", sizes: new RandomModelSizes(TieWordEmbeddings: true));
        var specs = CheckpointLayout.ExpectedTensors(config)
            .Select(s => s.Name.StartsWith("model.") ? s with { Name = s.Name["model.".Length..] } : s)
            .Append(new TensorSpec("layers.0.self_attn.rotary_emb.inv_freq", [8]))
            .Append(new TensorSpec("lm_head.weight", [config.VocabSize, config.HiddenSize]));
        WriteTensors(dir.Path, config, specs);
        var loaded = CheckpointLoader.Load(dir.Path);
        try
        {
            Assert.Equal(CheckpointLayout.ExpectedTensors(config).Select(s => s.Name).Order(), loaded.Tensors.Keys.Order());
            Assert.Equal(Expected(config, "embed_tokens.weight", 0, [256, 64]), loaded.Tensors["model.embed_tokens.weight"].Span.ToArray());
        }
        finally { DisposeAll(loaded); }
    }

    [Fact]
    public void PickleOnlyFolder_IsRefusedWithConversionAdvice()
    {
        using var dir = new TempDir();
        ModelConfigWriter.WriteFolder(RandomCheckpoint.CreateConfig("llama"), dir.Path);
        File.WriteAllBytes(dir.File("pytorch_model.bin"), [0x50, 0x4B, 3, 4, 0, 0, 0, 0, 0, 0]);
        var e = Assert.Throws<InputException>(() => CheckpointLoader.Load(dir.Path));
        Assert.Contains("pytorch_model.bin", e.Message);
        Assert.Contains("save_pretrained", e.Message);
        Assert.Contains("safe_serialization=True", e.Message);
        Assert.Contains("save_file", e.Message);

        var pt = Assert.Throws<InputException>(() => SafetensorsFile.Open(dir.File("weights.pt")));
        Assert.Contains("pickle", pt.Message);
        // A pickle stream under a safetensors name is recognised by its bytes.
        File.WriteAllBytes(dir.File("model.safetensors"), [0x80, 0x02, 0x7D, 0x71, 0x00, 0x28, 0x58, 0x01, 0x00]);
        var sniffed = Assert.Throws<InputException>(() => CheckpointLoader.Load(dir.Path));
        Assert.Contains("pickle", sniffed.Message);
    }

    [Fact]
    public void EmptyFolder_SaysWhatIsMissing()
    {
        using var dir = new TempDir();
        ModelConfigWriter.WriteFolder(RandomCheckpoint.CreateConfig("llama"), dir.Path);
        var e = Assert.Throws<InputException>(() => CheckpointLoader.Load(dir.Path));
        Assert.Contains("no model.safetensors", e.Message);
        var noConfig = Assert.Throws<InputException>(() => CheckpointLoader.Load(dir.File("sub")));
        Assert.Contains("config.json", noConfig.Message);
    }

    /// <summary>Writes config.json and the given tensors, each filled as the random init would fill its canonical name.</summary>
    private static void WriteTensors(string dir, ModelConfig config, IEnumerable<TensorSpec> specs)
    {
        ModelConfigWriter.WriteFolder(config, dir);
        SafetensorsWriter.WriteFolder(dir, specs.Select(s => new SafetensorsEntry(s.Name, s.Shape, dst => RandomCheckpoint.Fill(config, s.Name, 0, dst))).ToList(), SafetensorsDtype.F32);
    }
}
