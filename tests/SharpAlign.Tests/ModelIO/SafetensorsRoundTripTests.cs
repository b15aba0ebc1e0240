using System.Text.Json;
using SharpAlign.Models.IO;
using SharpAlign.Tensors;

namespace SharpAlign.Tests.ModelIO;

public class SafetensorsRoundTripTests
{
    private static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "ModelIO", "golden", name);

    private static float[] RandomValues(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)((rng.NextDouble() * 2 - 1) * Math.Pow(2, rng.Next(-20, 20)));
        return v;
    }

    private static SafetensorsEntry Entry(string name, int[] shape, float[] values) => new(name, shape, dst => values.CopyTo(dst));

    [Fact]
    public void ReadsFileWrittenByTorchToolchain_BitExact()
    {
        using var file = SafetensorsFile.Open(Golden("torch_written.safetensors"));
        Assert.Equal("pt", file.Metadata["format"]);
        using var doc = JsonDocument.Parse(File.ReadAllText(Golden("torch_written.json")));
        int checkedTensors = 0;
        foreach (var prop in doc.RootElement.EnumerateObject())
        {
            var info = file.Info(prop.Name);
            Assert.Equal(prop.Value.GetProperty("dtype").GetString(), info.Dtype.ToString());
            int[] shape = prop.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(shape, info.Shape);
            uint[] bits = prop.Value.GetProperty("f32_bits").EnumerateArray().Select(e => e.GetUInt32()).ToArray();
            using var t = file.ReadTensor(prop.Name);
            Assert.Equal(shape, t.Shape);
            Assert.Equal(bits, t.Span.ToArray().Select(BitConverter.SingleToUInt32Bits).ToArray());
            checkedTensors++;
        }
        Assert.Equal(8, checkedTensors);
        var e = Assert.Throws<InputException>(() => file.ReadTensor("step"));
        Assert.Contains("'step'", e.Message);
        Assert.Contains("I64", e.Message);
    }

    [Fact]
    public void Bf16AndF16Rounding_MatchesTorch()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Golden("rounding.json")));
        uint[] f32 = doc.RootElement.GetProperty("f32_bits").EnumerateArray().Select(e => e.GetUInt32()).ToArray();
        int[] bf16 = doc.RootElement.GetProperty("bf16_bits").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        int[] f16 = doc.RootElement.GetProperty("f16_bits").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.True(f32.Length > 600);
        float[] values = f32.Select(BitConverter.UInt32BitsToSingle).ToArray();
        for (int i = 0; i < values.Length; i++)
            Assert.True(bf16[i] == StorageConversion.FloatToBf16(values[i]), $"bf16 of {values[i]:R} (0x{f32[i]:X8}): torch 0x{bf16[i]:X4}, ours 0x{StorageConversion.FloatToBf16(values[i]):X4}");
        var halfBytes = new byte[values.Length * 2];
        StorageConversion.FromFloat32(SafetensorsDtype.F16, values, halfBytes);
        for (int i = 0; i < values.Length; i++)
            Assert.True(f16[i] == BitConverter.ToUInt16(halfBytes, 2 * i), $"f16 of {values[i]:R}: torch 0x{f16[i]:X4}, ours 0x{BitConverter.ToUInt16(halfBytes, 2 * i):X4}");
        // The bulk (vectorised) path must agree with the scalar one on the same values.
        var bulk = new byte[values.Length * 2];
        StorageConversion.FromFloat32(SafetensorsDtype.BF16, values, bulk);
        for (int i = 0; i < values.Length; i++) Assert.Equal(bf16[i], BitConverter.ToUInt16(bulk, 2 * i));
        // PyTorch writes NaN as 0x7FC0; the compute core keeps the sign. Either way it must stay a NaN.
        Assert.True(float.IsNaN(StorageConversion.Bf16ToFloat(StorageConversion.FloatToBf16(float.NaN))));
        Assert.True(float.IsNaN(StorageConversion.Bf16ToFloat(StorageConversion.FloatToBf16(-float.NaN))));
    }

    [Theory]
    [InlineData("torch_f32_only.safetensors", SafetensorsDtype.F32)]
    [InlineData("torch_bf16_only.safetensors", SafetensorsDtype.BF16)]
    public void Writer_ReproducesTorchToolchainFileByteForByte(string golden, SafetensorsDtype dtype)
    {
        using var dir = new TempDir();
        var tensors = new List<Tensor>();
        try
        {
            var entries = new List<SafetensorsEntry>();
            using (var file = SafetensorsFile.Open(Golden(golden)))
            {
                foreach (var name in file.Tensors.Keys.Reverse())
                {
                    var t = file.ReadTensor(name);
                    tensors.Add(t);
                    entries.Add(SafetensorsEntry.From(name, t));
                }
            }
            SafetensorsWriter.WriteFile(dir.File("out.safetensors"), entries, dtype);
            Assert.Equal(File.ReadAllBytes(Golden(golden)), File.ReadAllBytes(dir.File("out.safetensors")));
        }
        finally { foreach (var t in tensors) t.Dispose(); }
    }

    [Theory]
    [InlineData(SafetensorsDtype.F32)]
    [InlineData(SafetensorsDtype.BF16)]
    [InlineData(SafetensorsDtype.F16)]
    public void SingleFile_RoundTrip(SafetensorsDtype dtype)
    {
        using var dir = new TempDir();
        var a = RandomValues(7 * 13, 1);
        var b = RandomValues(5, 2);
        var c = new[] { 0.5f };
        SafetensorsWriter.WriteFile(dir.File("m.safetensors"), [Entry("b.bias", [5], b), Entry("a.weight", [7, 13], a), Entry("c", [], c), Entry("z", [0, 3], [])], dtype);

        var header = File.ReadAllBytes(dir.File("m.safetensors"));
        ulong n = BitConverter.ToUInt64(header, 0);
        Assert.Equal(0UL, n % 8);

        using var file = SafetensorsFile.Open(dir.File("m.safetensors"));
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(["a.weight", "b.bias", "c", "z"], file.Header.Tensors.Select(t => t.Name));
        foreach (var (name, src) in new[] { ("a.weight", a), ("b.bias", b), ("c", c) })
        {
            using var t = file.ReadTensor(name);
            Assert.Equal(dtype, file.Info(name).Dtype);
            for (int i = 0; i < src.Length; i++)
            {
                float expected = dtype switch
                {
                    SafetensorsDtype.F32 => src[i],
                    SafetensorsDtype.BF16 => StorageConversion.Bf16ToFloat(StorageConversion.FloatToBf16(src[i])),
                    _ => (float)(Half)src[i],
                };
                Assert.Equal(BitConverter.SingleToUInt32Bits(expected), BitConverter.SingleToUInt32Bits(t.Span[i]));
            }
        }
        var into = new float[5];
        file.ReadInto("b.bias", into);
        using (var bias = file.ReadTensor("b.bias")) Assert.Equal(bias.Span.ToArray(), into);
        Assert.Throws<ArgumentException>(() => file.ReadInto("b.bias", new float[4]));
        using var empty = file.ReadTensor("z");
        Assert.Equal([0, 3], empty.Shape);
    }

    [Fact]
    public void Sharded_RoundTripThroughIndex_AndLayoutSwitchRemovesStaleFiles()
    {
        using var dir = new TempDir();
        var values = Enumerable.Range(0, 6).Select(i => RandomValues(100, 10 + i)).ToArray();
        var entries = values.Select((v, i) => Entry($"t{i}", [10, 10], v)).ToList();
        // 400 bytes per F32 tensor, 1000-byte shards: two tensors per shard, three shards.
        var written = SafetensorsWriter.WriteFolder(dir.Path, entries, SafetensorsDtype.F32, maxShardBytes: 1000);
        Assert.Equal(["model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors", "model.safetensors.index.json"], written);
        using (var doc = JsonDocument.Parse(File.ReadAllText(dir.File("model.safetensors.index.json"))))
        {
            Assert.Equal(2400, doc.RootElement.GetProperty("metadata").GetProperty("total_size").GetInt64());
            Assert.Equal("model-00002-of-00003.safetensors", doc.RootElement.GetProperty("weight_map").GetProperty("t3").GetString());
        }
        using (var ckpt = SafetensorsCheckpoint.OpenFolder(dir.Path))
        {
            Assert.Equal(3, ckpt.Files.Count);
            for (int i = 0; i < 6; i++)
            {
                using var t = ckpt.ReadTensor($"t{i}");
                Assert.Equal(values[i], t.Span.ToArray());
            }
        }
        SafetensorsWriter.WriteFolder(dir.Path, entries.Take(1).ToList(), SafetensorsDtype.BF16);
        Assert.False(File.Exists(dir.File("model.safetensors.index.json")));
        using (var ckpt = SafetensorsCheckpoint.OpenFolder(dir.Path))
            Assert.Equal(["t0"], ckpt.Names);
        SafetensorsWriter.WriteFolder(dir.Path, entries, SafetensorsDtype.F32, maxShardBytes: 1000);
        Assert.False(File.Exists(dir.File("model.safetensors")));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp-*"));
    }

    [Fact]
    public void Index_Errors_NameIndexAndTensor()
    {
        using var dir = new TempDir();
        SafetensorsWriter.WriteFolder(dir.Path, [Entry("a", [2], [1, 2]), Entry("b", [2], [3, 4])], SafetensorsDtype.F32, maxShardBytes: 8);
        string index = dir.File("model.safetensors.index.json");
        File.WriteAllText(index, """{"weight_map":{"a":"model-00001-of-00002.safetensors","c":"model-00002-of-00002.safetensors"}}""");
        var e = Assert.Throws<InputException>(() => SafetensorsCheckpoint.OpenFolder(dir.Path));
        Assert.Contains("'c'", e.Message);
        Assert.Contains(index, e.Message);

        File.WriteAllText(index, """{"weight_map":{"a":"../evil.safetensors"}}""");
        e = Assert.Throws<InputException>(() => SafetensorsCheckpoint.OpenFolder(dir.Path));
        Assert.Contains("not a plain file name", e.Message);

        File.WriteAllText(index, """{"weight_map":{"a":"missing.safetensors"}}""");
        e = Assert.Throws<InputException>(() => SafetensorsCheckpoint.OpenFolder(dir.Path));
        Assert.Contains("'missing.safetensors'", e.Message);

        File.WriteAllText(index, """{"metadata":{}}""");
        e = Assert.Throws<InputException>(() => SafetensorsCheckpoint.OpenFolder(dir.Path));
        Assert.Contains("weight_map", e.Message);
    }
}
