using SharpAlign.Models;
using SharpAlign.Models.IO;

namespace SharpAlign.Tests.Models;

/// <summary>Full-model and PEFT adapter folders written by the model read back to the same numbers.</summary>
public class SaveLoadTests : IDisposable
{
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), "sharpalign-models-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_tmp)) Directory.Delete(_tmp, recursive: true);
    }

    private static float[] Logps(CausalLM m, GoldenCase c) => m.Forward(c.Batch(true), training: false).LogProbs;

    [Theory]
    [InlineData("llama_bf16", "bf16")]
    [InlineData("gemma2_bf16", "f32")]
    [InlineData("qwen2_f32", "f32")]
    public void FullFolderRoundTripIsExact(string name, string dtype)
    {
        using var c = new GoldenCase(name);
        using var model = c.LoadModel();
        string dir = Path.Combine(_tmp, "full");
        model.SaveFull(dir, SafetensorsDtypes.ParseStorage(dtype), sourceDir: c.Dir);
        using var back = CausalLM.Load(dir);
        Assert.Equal(SafetensorsDtypes.ParseStorage(dtype).TorchName(), back.Config.TorchDtype);
        Assert.Equal(model.Config.TieWordEmbeddings, back.Config.TieWordEmbeddings);
        Assert.Equal(Logps(model, c), Logps(back, c));
    }

    [Fact]
    public void AdapterRoundTripAndPeftNames()
    {
        using var c = new GoldenCase("mistral_f32");
        using var model = c.LoadModel();
        model.EnableLora(new LoraConfig { Rank = 2, Alpha = 3, UseRsLora = true, Seed = 4, TargetModules = ["k_proj", "up_proj"] });
        var rng = new Random(9);
        foreach (var p in model.LoraParameters.Where(p => p.Name.Contains("lora_B"))) FiniteDifference.Random((int)p.Value.Length, rng, 0.3).CopyTo(p.Value.Span);
        string dir = Path.Combine(_tmp, "adapter");
        model.SaveAdapter(dir, "base/model");
        using (var ck = SafetensorsCheckpoint.OpenFile(Path.Combine(dir, "adapter_model.safetensors")))
        {
            Assert.Contains("base_model.model.model.layers.1.self_attn.k_proj.lora_A.weight", ck.Names);
            Assert.Contains("base_model.model.model.layers.0.mlp.up_proj.lora_B.weight", ck.Names);
            Assert.Equal(2 * 2 * 2, ck.Names.Count());
        }
        var cfg = LoraAdapterConfigIO.ReadFolder(dir);
        Assert.Equal((2, 3f, true), (cfg.Rank, cfg.Alpha, cfg.UseRsLora));
        using var back = CausalLM.Load(c.Dir, dir);
        Assert.Equal(Logps(model, c), Logps(back, c));
        Assert.Empty(back.TrainableParameters);
    }

    [Fact]
    public void BadAdapterGivesClearErrors()
    {
        using var c = new GoldenCase("llama_lora");
        string dir = Path.Combine(_tmp, "bad");
        Directory.CreateDirectory(dir);
        using var model = CausalLM.Load(c.Dir);
        Assert.Contains("adapter_config.json", Assert.Throws<InputException>(() => model.LoadAdapter(dir)).Message);
        File.WriteAllText(Path.Combine(dir, LoraAdapterConfigIO.FileName), "{\"peft_type\":\"IA3\"}");
        Assert.Contains("LORA", Assert.Throws<InputException>(() => model.LoadAdapter(dir)).Message);
        // an adapter for another model: tensors whose shapes do not fit
        File.Copy(Path.Combine(c.Dir, LoraAdapterConfigIO.FileName), Path.Combine(dir, LoraAdapterConfigIO.FileName), overwrite: true);
        using var other = new GoldenCase("gemma2_f32");
        using var gemma = other.LoadModel();
        File.Copy(Path.Combine(c.Dir, "adapter_model.safetensors"), Path.Combine(dir, "adapter_model.safetensors"));
        var e = Assert.Throws<InputException>(() => gemma.LoadAdapter(dir));
        Assert.Contains("lora_", e.Message);
        Assert.Null(gemma.Lora);
        Assert.Empty(gemma.LoraParameters);
    }
}
