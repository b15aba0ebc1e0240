namespace SharpAlign.Training.Logging;

/// <summary>
/// Averages per-micro-batch metrics over everything since the last log line, weighting each
/// micro-batch by its number of examples — so under gradient accumulation a logged value is the
/// mean over the whole optimizer batch (or logging window), never the last micro-batch's value.
/// </summary>
public sealed class MetricAggregator
{
    private readonly SortedDictionary<string, (double Sum, double Weight)> _sums = new(StringComparer.Ordinal);

    /// <summary>Adds one micro-batch's means, computed over <paramref name="examples"/> examples.</summary>
    public void Add(IReadOnlyDictionary<string, double> metrics, int examples)
    {
        foreach (var (k, v) in metrics)
        {
            var (s, w) = _sums.GetValueOrDefault(k);
            _sums[k] = (s + v * examples, w + examples);
        }
    }

    /// <summary>True when nothing was added since the last <see cref="Drain"/>.</summary>
    public bool IsEmpty => _sums.Count == 0;

    /// <summary>The open window as name → [sum, weight], for checkpoints.</summary>
    public Dictionary<string, double[]> Export() => _sums.ToDictionary(kv => kv.Key, kv => new[] { kv.Value.Sum, kv.Value.Weight });

    /// <summary>Restores a window saved by <see cref="Export"/>.</summary>
    public void Import(IReadOnlyDictionary<string, double[]> window)
    {
        _sums.Clear();
        foreach (var (k, v) in window) _sums[k] = (v[0], v[1]);
    }

    /// <summary>The example-weighted means, then starts a new window.</summary>
    public SortedDictionary<string, double> Drain()
    {
        var means = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (k, (s, w)) in _sums) means[k] = w > 0 ? s / w : double.NaN;
        _sums.Clear();
        return means;
    }
}
