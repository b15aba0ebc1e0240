using SharpAlign.Models.IO;

namespace SharpAlign.Tests.ModelIO;

public class CheckpointWriterTests
{
    [Fact]
    public void LoadSaveLoad_KeepsValuesDropsTiedHeadAndCopiesTokenizerFiles()
    {
        using var src = new TempDir();
        using var dst = new TempDir();
        var config = RandomCheckpoint.CreateConfig("gemma2");
        RandomCheckpoint.Write(src.Path, config, seed: 2, SafetensorsDtype.F32);
        File.WriteAllText(src.File("tokenizer.json"), "{\"version\":\"1.0\",\"x\":\"<>+'é\"}");
        File.WriteAllText(src.File("generation_config.json"), "{\"eos_token_id\": 1}");
        var first = CheckpointLoader.Load(src.Path);
        try
        {
            // A stale untied head in the dictionary must not be written for a tied model.
            using var head = new SharpAlign.Tensors.Tensor(config.VocabSize, config.HiddenSize);
            var withHead = new Dictionary<string, SharpAlign.Tensors.Tensor>(first.Tensors) { ["lm_head.weight"] = head };
            CheckpointWriter.Save(dst.Path, first.Config, withHead, SafetensorsDtype.BF16, copyAuxiliaryFrom: src.Path);
            Assert.Equal(File.ReadAllBytes(src.File("tokenizer.json")), File.ReadAllBytes(dst.File("tokenizer.json")));
            Assert.True(File.Exists(dst.File("generation_config.json")));
            using (var f = SafetensorsFile.Open(dst.File("model.safetensors")))
            {
                Assert.False(f.Contains("lm_head.weight"));
                Assert.All(f.Tensors.Values, t => Assert.Equal(SafetensorsDtype.BF16, t.Dtype));
            }
            var second = CheckpointLoader.Load(dst.Path);
            try
            {
                Assert.Equal("bfloat16", second.Config.TorchDtype);
                Assert.Equal(first.Config with { TorchDtype = "bfloat16", EosTokenIds = [] }, second.Config with { EosTokenIds = [] });
                foreach (var (name, t) in first.Tensors)
                {
                    var a = t.Span;
                    var b = second.Tensors[name].Span;
                    for (int i = 0; i < a.Length; i++)
                        Assert.Equal(StorageConversion.Bf16ToFloat(StorageConversion.FloatToBf16(a[i])), b[i]);
                }
            }
            finally { foreach (var t in second.Tensors.Values) t.Dispose(); }
        }
        finally { foreach (var t in first.Tensors.Values) t.Dispose(); }
    }

    [Fact]
    public void Save_RefusesMissingOrMisShapedTensors()
    {
        using var dir = new TempDir();
        var config = RandomCheckpoint.CreateConfig("llama", sizes: new RandomModelSizes(NumLayers: 1));
        var e = Assert.Throws<ArgumentException>(() => CheckpointWriter.Save(dir.Path, config, new Dictionary<string, SharpAlign.Tensors.Tensor>(), SafetensorsDtype.F32));
        Assert.Contains("model.embed_tokens.weight", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
