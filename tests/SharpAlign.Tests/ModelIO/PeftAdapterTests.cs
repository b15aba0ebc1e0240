using System.Text.Json;
using SharpAlign.Models;
using SharpAlign.Models.IO;
using SharpAlign.Tensors;

namespace SharpAlign.Tests.ModelIO;

public class PeftAdapterTests
{
    private static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "ModelIO", "golden", name);

    /// <summary>The base the golden adapter was made for: hidden 64, 4 heads of 16, 2 kv heads, 2 layers.</summary>
    private static ModelConfig TinyLlama => RandomCheckpoint.CreateConfig("llama");

    private const string PeftWritten = """
        {
          "alpha_pattern": {}, "auto_mapping": null, "base_model_name_or_path": "HuggingFaceTB/SmolLM2-135M",
          "bias": "none", "fan_in_fan_out": false, "inference_mode": true, "init_lora_weights": true,
          "layer_replication": null, "layers_pattern": null, "layers_to_transform": null, "loftq_config": {},
          "lora_alpha": 32, "lora_dropout": 0.05, "megatron_config": null, "megatron_core": "megatron.core",
          "modules_to_save": null, "peft_type": "LORA", "r": 16, "rank_pattern": {}, "revision": null,
          "target_modules": ["v_proj", "q_proj", "k_proj", "o_proj"], "task_type": "CAUSAL_LM",
          "use_dora": false, "use_rslora": false
        }
        """;

    [Fact]
    public void Config_AsPeftWritesIt()
    {
        var c = LoraAdapterConfigIO.Parse(PeftWritten);
        Assert.Equal(16, c.Rank);
        Assert.Equal(32f, c.Alpha);
        Assert.Equal(0.05f, c.Dropout);
        Assert.Equal(["v_proj", "q_proj", "k_proj", "o_proj"], c.TargetModules);
        Assert.False(c.UseRsLora);
        Assert.Equal(2f, c.Scaling);
        Assert.Equal(8f, (c with { UseRsLora = true }).Scaling);
    }

    [Fact]
    public void Config_AllLinearAndRoundTrip()
    {
        var all = LoraAdapterConfigIO.Parse("""{"peft_type":"LORA","r":8,"lora_alpha":16,"target_modules":"all-linear"}""");
        Assert.Equal(["all-linear"], all.TargetModules);
        Assert.Equal(2 * 7, PeftAdapterFiles.Targets(RandomCheckpoint.CreateConfig("llama"), all).Count);
        var suffix = LoraAdapterConfigIO.Parse("""{"peft_type":"LORA","target_modules":["self_attn.q_proj","mlp.down_proj"]}""");
        Assert.Equal(["model.layers.0.self_attn.q_proj", "model.layers.0.mlp.down_proj", "model.layers.1.self_attn.q_proj", "model.layers.1.mlp.down_proj"],
            PeftAdapterFiles.Targets(RandomCheckpoint.CreateConfig("llama"), suffix).Select(t => t.ModulePath));
        var c = new LoraConfig { Rank = 4, Alpha = 6.5f, Dropout = 0.1f, TargetModules = ["q_proj", "down_proj"], UseRsLora = true };
        string json = LoraAdapterConfigIO.ToJson(c, "x/y");
        var back = LoraAdapterConfigIO.Parse(json);
        Assert.Equal(c.TargetModules, back.TargetModules);
        Assert.Equal(c with { TargetModules = [] }, back with { TargetModules = [] });
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("LORA", doc.RootElement.GetProperty("peft_type").GetString());
        Assert.Equal("CAUSAL_LM", doc.RootElement.GetProperty("task_type").GetString());
        Assert.Equal("none", doc.RootElement.GetProperty("bias").GetString());
        Assert.Equal("x/y", doc.RootElement.GetProperty("base_model_name_or_path").GetString());
        Assert.False(doc.RootElement.TryGetProperty("use_dora", out _)); // unknown to older PEFT versions
        Assert.Contains("\"lora_alpha\": 16,", LoraAdapterConfigIO.ToJson(c with { Alpha = 16 }, null));
    }

    [Theory]
    [InlineData("\"peft_type\":\"LORA\"", "\"peft_type\":\"PREFIX_TUNING\"", "'peft_type'")]
    [InlineData("\"task_type\":\"CAUSAL_LM\"", "\"task_type\":\"SEQ_CLS\"", "'task_type'")]
    [InlineData("\"use_dora\":false", "\"use_dora\":true", "'use_dora'")]
    [InlineData("\"bias\":\"none\"", "\"bias\":\"all\"", "'bias'")]
    [InlineData("\"modules_to_save\":null", "\"modules_to_save\":[\"lm_head\"]", "'modules_to_save'")]
    [InlineData("\"layers_to_transform\":null", "\"layers_to_transform\":[0]", "'layers_to_transform'")]
    [InlineData("\"rank_pattern\":{}", "\"rank_pattern\":{\"q_proj\":8}", "'rank_pattern'")]
    [InlineData("\"r\":16", "\"r\":0", "'r'")]
    [InlineData("\"lora_dropout\":0.05", "\"lora_dropout\":1.5", "'lora_dropout'")]
    [InlineData("[\"v_proj\",\"q_proj\",\"k_proj\",\"o_proj\"]", "\".*q_proj\"", "'target_modules'")]
    [InlineData("[\"v_proj\",\"q_proj\",\"k_proj\",\"o_proj\"]", "[\"q_proj\",\"lm_head\"]", "'lm_head'")]
    [InlineData("[\"v_proj\",\"q_proj\",\"k_proj\",\"o_proj\"]", "[\"q_proj\",\".v_proj\"]", "'.v_proj'")]
    public void Config_UnsupportedOptionsNameTheField(string from, string to, string expected)
    {
        string compact = JsonSerializer.Serialize(JsonDocument.Parse(PeftWritten).RootElement);
        Assert.Contains(from, compact);
        var e = Assert.Throws<InputException>(() => LoraAdapterConfigIO.Parse(compact.Replace(from, to), "ad/adapter_config.json"));
        Assert.Contains("ad/adapter_config.json", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Names_FollowPeft()
    {
        Assert.Equal("base_model.model.model.layers.3.self_attn.q_proj.lora_A.weight", PeftNames.LoraA(CheckpointLayout.LinearModulePath(3, "q_proj")));
        Assert.Equal("base_model.model.model.layers.0.mlp.down_proj.lora_B.weight", PeftNames.LoraB(CheckpointLayout.LinearModulePath(0, "down_proj")));
        Assert.True(PeftNames.TryParse("base_model.model.model.layers.2.mlp.up_proj.lora_B.weight", out var path, out bool isA));
        Assert.Equal(("model.layers.2.mlp.up_proj", false), (path, isA));
        Assert.False(PeftNames.TryParse("model.layers.2.mlp.up_proj.weight", out _, out _));
    }

    [Fact]
    public void LoadsAdapterLaidOutByPythonGenerator()
    {
        var adapter = PeftAdapterFiles.Load(Golden("peft_adapter"), TinyLlama);
        try
        {
            Assert.Equal(4, adapter.Config.Rank);
            Assert.True(adapter.Config.UseRsLora);
            Assert.Equal(4f, adapter.Config.Scaling);
            Assert.Equal(["model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.v_proj", "model.layers.1.self_attn.q_proj", "model.layers.1.self_attn.v_proj"],
                adapter.Modules.Keys.Order(StringComparer.Ordinal));
            using var doc = JsonDocument.Parse(File.ReadAllText(Golden("peft_adapter_expected.json")));
            foreach (var (path, w) in adapter.Modules)
            {
                foreach (var (name, t) in new[] { (PeftNames.LoraA(path), w.A), (PeftNames.LoraB(path), w.B) })
                {
                    uint[] bits = doc.RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetUInt32()).ToArray();
                    Assert.Equal(bits, t.Span.ToArray().Select(BitConverter.SingleToUInt32Bits).ToArray());
                }
            }
            Assert.Equal([4, 64], adapter.Modules["model.layers.1.self_attn.v_proj"].A.Shape);
            Assert.Equal([32, 4], adapter.Modules["model.layers.1.self_attn.v_proj"].B.Shape);
        }
        finally { foreach (var w in adapter.Modules.Values) { w.A.Dispose(); w.B.Dispose(); } }
    }

    [Fact]
    public void SaveThenLoad_RoundTrips()
    {
        using var dir = new TempDir();
        var baseConfig = TinyLlama;
        var config = new LoraConfig { Rank = 2, Alpha = 4, TargetModules = ["gate_proj", "o_proj"] };
        var rng = new Random(3);
        var modules = PeftAdapterFiles.Targets(baseConfig, config).ToDictionary(t => t.ModulePath, t =>
        {
            var a = new Tensor(config.Rank, t.In);
            var b = new Tensor(t.Out, config.Rank);
            foreach (var x in new[] { a, b }) for (int i = 0; i < x.Length; i++) x.Span[i] = (float)rng.NextDouble();
            return new LoraWeights(a, b);
        });
        Assert.Equal(4, modules.Count);
        try
        {
            PeftAdapterFiles.Save(dir.Path, config, modules, "base/model");
            using (var f = SafetensorsFile.Open(dir.File("adapter_model.safetensors")))
            {
                Assert.Equal("pt", f.Metadata["format"]);
                Assert.Equal([2, 64], f.Info("base_model.model.model.layers.1.self_attn.o_proj.lora_A.weight").Shape);
                Assert.Equal([128, 2], f.Info("base_model.model.model.layers.1.mlp.gate_proj.lora_B.weight").Shape);
            }
            var loaded = PeftAdapterFiles.Load(dir.Path, baseConfig);
            try
            {
                foreach (var (path, w) in modules)
                {
                    Assert.Equal(w.A.Span.ToArray(), loaded.Modules[path].A.Span.ToArray());
                    Assert.Equal(w.B.Span.ToArray(), loaded.Modules[path].B.Span.ToArray());
                }
            }
            finally { foreach (var w in loaded.Modules.Values) { w.A.Dispose(); w.B.Dispose(); } }
        }
        finally { foreach (var w in modules.Values) { w.A.Dispose(); w.B.Dispose(); } }
    }

    [Fact]
    public void Load_MissingMisShapedAndUnexpectedTensors()
    {
        using var dir = new TempDir();
        var baseConfig = TinyLlama;
        var config = new LoraConfig { Rank = 2, Alpha = 4, TargetModules = ["q_proj"] };
        LoraAdapterConfigIO.WriteFolder(config, dir.Path, null);
        var targets = PeftAdapterFiles.Targets(baseConfig, config);
        List<SafetensorsEntry> Entries(Func<string, int[], int[]?> shapeOf)
        {
            var list = new List<SafetensorsEntry>();
            foreach (var t in targets)
                foreach (var (name, shape) in new[] { (PeftNames.LoraA(t.ModulePath), new[] { 2, t.In }), (PeftNames.LoraB(t.ModulePath), new[] { t.Out, 2 }) })
                    if (shapeOf(name, shape) is { } s) list.Add(new SafetensorsEntry(name, s, d => d.Fill(0.5f)));
            return list;
        }
        string file = dir.File("adapter_model.safetensors");

        SafetensorsWriter.WriteFile(file, Entries((n, s) => n.Contains("layers.1") && n.EndsWith("lora_B.weight") ? null : s), SafetensorsDtype.F32);
        var e = Assert.Throws<InputException>(() => PeftAdapterFiles.Load(dir.Path, baseConfig));
        Assert.Contains("'base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight' [64, 2]", e.Message);

        SafetensorsWriter.WriteFile(file, Entries((n, s) => n.Contains("layers.0") && n.EndsWith("lora_A.weight") ? [3, 64] : s), SafetensorsDtype.F32);
        e = Assert.Throws<InputException>(() => PeftAdapterFiles.Load(dir.Path, baseConfig));
        Assert.Contains("shape [3, 64], expected [2, 64]", e.Message);
        Assert.Contains(file, e.Message);

        var extra = Entries((_, s) => s);
        extra.Add(new SafetensorsEntry("base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight", [2, 64], d => d.Clear()));
        SafetensorsWriter.WriteFile(file, extra, SafetensorsDtype.F32);
        e = Assert.Throws<InputException>(() => PeftAdapterFiles.Load(dir.Path, baseConfig));
        Assert.Contains("unexpected tensor 'base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight'", e.Message);

        File.Delete(file);
        File.WriteAllBytes(dir.File("adapter_model.bin"), [0x80, 0x02, 0x7D]);
        e = Assert.Throws<InputException>(() => PeftAdapterFiles.Load(dir.Path, baseConfig));
        Assert.Contains("adapter_model.bin", e.Message);
        Assert.Contains("safetensors", e.Message);
    }
}
