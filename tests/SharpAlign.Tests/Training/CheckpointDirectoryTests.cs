using SharpAlign.Models.IO;
using SharpAlign.Training.Checkpoints;

namespace SharpAlign.Tests.Training;

public sealed class CheckpointDirectoryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sa-ckpt-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

    private static void WriteMarker(string dir, string text) => File.WriteAllText(Path.Combine(dir, "marker.txt"), text);

    [Fact]
    public void KeepsOnlyTheNewestWithinTheLimit()
    {
        var c = new CheckpointDirectory(_dir);
        foreach (int step in new[] { 10, 20, 30 }) c.Save(step, d => WriteMarker(d, $"{step}"), totalLimit: 2);
        Assert.Equal([20, 30], c.List().Select(x => x.Step));
        Assert.Equal("30", File.ReadAllText(Path.Combine(c.Latest()!, "marker.txt")));
    }

    [Fact]
    public void CrashWhileWritingLeavesThePreviousCheckpointIntact()
    {
        var c = new CheckpointDirectory(_dir);
        c.Save(10, d => WriteMarker(d, "good"));
        Assert.Throws<IOException>(() => c.Save(20, d => { WriteMarker(d, "half"); throw new IOException("disk full"); }));
        Assert.Equal([10], c.List().Select(x => x.Step));
        Assert.Equal("good", File.ReadAllText(Path.Combine(c.Latest()!, "marker.txt")));
        c.Save(30, d => WriteMarker(d, "next"));
        Assert.Empty(Directory.EnumerateDirectories(_dir, ".tmp-*"));
        Assert.Equal([10, 30], c.List().Select(x => x.Step));
    }

    [Fact]
    public void SavingTheSameStepAgainReplacesIt()
    {
        var c = new CheckpointDirectory(_dir);
        c.Save(5, d => WriteMarker(d, "a"));
        c.Save(5, d => WriteMarker(d, "b"));
        Assert.Equal("b", File.ReadAllText(Path.Combine(c.PathFor(5), "marker.txt")));
        Assert.Single(Directory.EnumerateDirectories(_dir));
    }

    [Fact]
    public void TrainerStateRoundTripsInTransformersShape()
    {
        var s = new TrainerState { GlobalStep = 7, Epoch = 0.5, MaxSteps = 14, LoggingSteps = 1, SaveSteps = 7, TrainBatchSize = 2, NumTrainEpochs = 1 };
        s.LogHistory.Add(new() { ["loss"] = 0.6931, ["step"] = 1, ["rewards/accuracies"] = 0.5 });
        string json = s.ToJson();
        Assert.Contains("\"log_history\"", json);
        Assert.Contains("\"rewards/accuracies\": 0.5", json);
        var back = TrainerState.FromJson(json, "trainer_state.json");
        Assert.Equal(7, back.GlobalStep);
        Assert.Equal(0.6931, (double)back.LogHistory[0]["loss"]!);
        Assert.Throws<InputException>(() => TrainerState.FromJson("{\"epoch\": 1}", "x.json"));
    }

    [Fact]
    public void AtomicFileReplacesWholeContents()
    {
        Directory.CreateDirectory(_dir);
        string p = Path.Combine(_dir, "a.json");
        AtomicFile.WriteText(p, "old");
        AtomicFile.WriteText(p, "new contents");
        Assert.Equal("new contents", File.ReadAllText(p));
        Assert.Single(Directory.EnumerateFiles(_dir));
    }
}
