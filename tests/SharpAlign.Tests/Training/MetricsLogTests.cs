using SharpAlign.Training.Logging;

namespace SharpAlign.Tests.Training;

public sealed class MetricsLogTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "sa-metrics-" + Guid.NewGuid().ToString("N") + ".jsonl");

    public void Dispose() { if (File.Exists(_path)) File.Delete(_path); }

    [Fact]
    public void ResumeCutsTheLogBackToTheCheckpointStep()
    {
        using (var log = new MetricsLog(_path))
            for (int s = 1; s <= 5; s++) log.Write(new Dictionary<string, object?> { ["step"] = s, ["loss"] = 1.0 / s });
        using (var log = new MetricsLog(_path, resumeStep: 3))
            log.Write(new Dictionary<string, object?> { ["step"] = 4, ["loss"] = 0.2 });
        var lines = File.ReadAllLines(_path);
        Assert.Equal(4, lines.Length);
        Assert.Equal("{\"step\":4,\"loss\":0.2}", lines[3]);
    }

    [Fact]
    public void FreshRunStartsAnEmptyLog()
    {
        File.WriteAllText(_path, "{\"step\":9}\n");
        using (var log = new MetricsLog(_path)) log.Write(new Dictionary<string, object?> { ["step"] = 1 });
        Assert.Equal(["{\"step\":1}"], File.ReadAllLines(_path));
    }

    [Fact]
    public void AggregatorWeightsMicroBatchesByExamples()
    {
        var a = new MetricAggregator();
        a.Add(new Dictionary<string, double> { ["rewards/accuracies"] = 1.0 }, examples: 3);
        a.Add(new Dictionary<string, double> { ["rewards/accuracies"] = 0.0 }, examples: 1);
        Assert.Equal(0.75, a.Drain()["rewards/accuracies"], 12);
        Assert.True(a.IsEmpty);
    }
}
