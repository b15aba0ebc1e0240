namespace SharpAlign.Objectives;

/// <summary>
/// What an objective returns for one micro-batch: the loss (double), its gradient with respect to
/// every input statistic, and the metrics TRL logs for it (keys without the <c>eval_</c> prefix,
/// e.g. <c>rewards/chosen</c>), each a mean over this micro-batch.
/// </summary>
/// <typeparam name="TGradient"><see cref="PreferenceGradient"/> or <see cref="UnpairedGradient"/>.</typeparam>
public sealed class ObjectiveResult<TGradient>
{
    /// <summary>The micro-batch loss.</summary>
    public required double Loss { get; init; }

    /// <summary>∂<see cref="Loss"/>/∂(each input statistic).</summary>
    public required TGradient Gradient { get; init; }

    /// <summary>Logged metrics by TRL name.</summary>
    public required SortedDictionary<string, double> Metrics { get; init; }
}
