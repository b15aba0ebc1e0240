namespace SharpAlign.Evaluation.Neural;

/// <summary>
/// Loads one family of learned scorers (COMET, BERTScore, reward model, …) from a local folder.
/// An evaluation front end asks each registered factory whether it recognises a folder (for
/// example from <c>config.json</c>'s <c>architectures</c> or COMET's <c>hparams.yaml</c>) and loads
/// with the first that does.
/// </summary>
public interface ILearnedScorerFactory
{
    /// <summary>The family this factory loads, e.g. "COMET".</summary>
    string Family { get; }

    /// <summary>Whether <paramref name="modelDirectory"/> holds a model of this family (cheap: reads metadata files only).</summary>
    bool CanLoad(string modelDirectory);

    /// <summary>Loads the scorer; throws <see cref="InputException"/> naming the missing or malformed file.</summary>
    ILearnedScorer Load(string modelDirectory, ScorerOptions options);
}
