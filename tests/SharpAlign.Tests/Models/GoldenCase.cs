using System.Text.Json;
using SharpAlign.Data;
using SharpAlign.Models;
using SharpAlign.Models.IO;

namespace SharpAlign.Tests.Models;

/// <summary>One folder written by tests/generators/models_golden.py: a tiny HF model, token pairs and golden values.</summary>
internal sealed class GoldenCase : IDisposable
{
    public string Dir { get; }
    public (int[] Prompt, int[] Chosen, int[] Rejected)[] Pairs { get; }
    public SafetensorsCheckpoint Golden { get; }

    public GoldenCase(string name)
    {
        Dir = Path.Combine(AppContext.BaseDirectory, "TestData", "Models", name);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "pairs.json")));
        Pairs = doc.RootElement.EnumerateArray().Select(e => (
            e.GetProperty("prompt_ids").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
            e.GetProperty("chosen_ids").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
            e.GetProperty("rejected_ids").EnumerateArray().Select(x => x.GetInt32()).ToArray())).ToArray();
        Golden = SafetensorsCheckpoint.OpenFile(Path.Combine(Dir, "golden.safetensors"));
    }

    public float[] Read(string name)
    {
        using var t = Golden.ReadTensor(name);
        return t.Span.ToArray();
    }

    public PackedBatch Batch(bool prefixSharing)
    {
        var b = new PackedBatchBuilder();
        foreach (var (p, c, r) in Pairs) b.AddPair(p, c, r, prefixSharing);
        return b.Build();
    }

    /// <summary>Loads the model; for a LoRA case attaches the adapter (trainable) as well.</summary>
    public CausalLM LoadModel()
    {
        var model = CausalLM.Load(Dir);
        if (File.Exists(Path.Combine(Dir, LoraAdapterConfigIO.FileName))) model.LoadAdapter(Dir, trainable: true);
        return model;
    }

    public void Dispose() => Golden.Dispose();

    /// <summary>max|a − b| / max|b|, the agreement measure used throughout these tests.</summary>
    public static double RelMaxError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double err = 0, scale = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            err = Math.Max(err, Math.Abs((double)actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs((double)expected[i]));
        }
        return scale == 0 ? err : err / scale;
    }
}
