using SharpAlign.Data.Reading;

namespace SharpAlign.Data.Schema;

/// <summary>
/// A validated row in one canonical shape: a preference pair (prompt, chosen, rejected) or an
/// unpaired example (prompt, completion, label), as text, as conversations, or as token ids.
/// </summary>
public sealed class PreferenceExample
{
    /// <summary>Where the row came from.</summary>
    public required RowOrigin Origin { get; init; }

    /// <summary>The prompt (extracted for implicit-prompt rows). Null for pre-tokenized rows.</summary>
    public RowText? Prompt { get; init; }

    /// <summary>Preferred completion (pairs).</summary>
    public RowText? Chosen { get; init; }

    /// <summary>Dispreferred completion (pairs).</summary>
    public RowText? Rejected { get; init; }

    /// <summary>The completion of an unpaired example.</summary>
    public RowText? Completion { get; init; }

    /// <summary>Desirable (true) or undesirable (false), for unpaired examples.</summary>
    public bool? Label { get; init; }

    /// <summary>Pre-tokenized prompt ids.</summary>
    public int[]? PromptIds { get; init; }

    /// <summary>Pre-tokenized chosen ids.</summary>
    public int[]? ChosenIds { get; init; }

    /// <summary>Pre-tokenized rejected ids.</summary>
    public int[]? RejectedIds { get; init; }

    /// <summary>Score of the chosen completion (e.g. UltraFeedback's rating), if given.</summary>
    public double? ScoreChosen { get; init; }

    /// <summary>Score of the rejected completion, if given.</summary>
    public double? ScoreRejected { get; init; }

    /// <summary>Per-example weight, if given.</summary>
    public double? Weight { get; init; }

    /// <summary>A best response for an SFT term (CustomPOs' <c>best_response</c>), if given.</summary>
    public RowText? BestResponse { get; init; }

    /// <summary>True for a pair, false for an unpaired example.</summary>
    public bool IsPair => Completion is null;
}
