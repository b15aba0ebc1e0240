using SharpAlign.Cli;
using SharpAlign.Models.IO;

namespace SharpAlign.Tests.ModelIO;

public class InitModelCommandTests
{
    private static int Run(params string[] args) => Program.BuildRoot().Parse(args).Invoke();

    [Fact]
    public void WritesALoadableRandomFolder_WithTheSizesAsked()
    {
        using var dir = new TempDir();
        string outDir = dir.File("m");
        Assert.Equal(0, Run("init-model", "--arch", "qwen2", "--hidden", "32", "--layers", "1", "--heads", "2", "--kv-heads", "1",
            "--intermediate", "48", "--vocab", "100", "--seed", "4", "--dtype", "bf16", "--out", outDir));
        var loaded = CheckpointLoader.Load(outDir);
        try
        {
            var c = loaded.Config;
            Assert.Equal(("qwen2", 32, 1, 2, 1, 16, 48, 100), (c.ModelType, c.HiddenSize, c.NumLayers, c.NumHeads, c.NumKvHeads, c.HeadDim, c.IntermediateSize, c.VocabSize));
            Assert.Equal("bfloat16", c.TorchDtype);
            Assert.Equal(SafetensorsDtype.BF16, loaded.StorageDtype);
            var exact = new float[48 * 32];
            RandomCheckpoint.Fill(c, "model.layers.0.mlp.gate_proj.weight", 4, exact);
            var got = loaded.Tensors["model.layers.0.mlp.gate_proj.weight"].Span;
            for (int i = 0; i < exact.Length; i++)
                Assert.Equal(StorageConversion.Bf16ToFloat(StorageConversion.FloatToBf16(exact[i])), got[i]);
        }
        finally { foreach (var t in loaded.Tensors.Values) t.Dispose(); }
    }

    [Fact]
    public void SameSeedSameBytes_GemmaHeadDimFollowsHiddenOverHeads()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Run("init-model", "--arch", "gemma2", "--hidden", "48", "--heads", "3", "--kv-heads", "1", "--seed", "7", "--out", dir.File("a")));
        Assert.Equal(0, Run("init-model", "--arch", "gemma2", "--hidden", "48", "--heads", "3", "--kv-heads", "1", "--seed", "7", "--out", dir.File("b")));
        Assert.Equal(File.ReadAllBytes(dir.File("a/model.safetensors")), File.ReadAllBytes(dir.File("b/model.safetensors")));
        var c = ModelConfigReader.ReadFolder(dir.File("a"));
        Assert.Equal((16, 16f), (c.HeadDim, c.QueryPreAttnScalar));
    }

    [Theory]
    [InlineData("--arch", "gpt2")]
    [InlineData("--preset", "huge")]
    [InlineData("--dtype", "f8")]
    [InlineData("--kv-heads", "3")]
    public void BadOptions_ExitWithCode2(string option, string value)
    {
        using var dir = new TempDir();
        Assert.Equal(2, Run("init-model", option, value, "--out", dir.File("x")));
        Assert.False(Directory.Exists(dir.File("x")));
    }
}
