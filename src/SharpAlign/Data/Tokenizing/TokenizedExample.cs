using SharpAlign.Data.Reading;

namespace SharpAlign.Data.Tokenizing;

/// <summary>A tokenized pair or unpaired example, ready to pack. Model input per sequence is [Prompt ‖ completion].</summary>
public sealed class TokenizedExample
{
    /// <summary>Where the row came from.</summary>
    public required RowOrigin Origin { get; init; }

    /// <summary>Prompt ids, shared by both completions (non-empty).</summary>
    public required int[] Prompt { get; init; }

    /// <summary>Chosen completion ids (pairs) or the completion (unpaired).</summary>
    public required int[] Chosen { get; init; }

    /// <summary>Rejected completion ids; null for unpaired examples.</summary>
    public int[]? Rejected { get; init; }

    /// <summary>Label of an unpaired example.</summary>
    public bool? Label { get; init; }

    /// <summary>Best-response completion ids for an SFT term, if the row had one.</summary>
    public int[]? BestResponse { get; init; }

    /// <summary>Score of chosen, if given.</summary>
    public double? ScoreChosen { get; init; }

    /// <summary>Score of rejected, if given.</summary>
    public double? ScoreRejected { get; init; }

    /// <summary>Per-example weight (1 when not given).</summary>
    public double Weight { get; init; } = 1;

    /// <summary>True for a pair.</summary>
    public bool IsPair => Rejected is not null;

    /// <summary>Tokens in the packed prefix-shared layout: the prompt once plus every completion.</summary>
    public int SharedTokenCount => Prompt.Length + Chosen.Length + (Rejected?.Length ?? 0) + (BestResponse?.Length ?? 0);

    /// <summary>Tokens in the plain layout: one [prompt ‖ completion] row per completion.</summary>
    public int PlainTokenCount => SharedTokenCount + Prompt.Length * ((IsPair ? 1 : 0) + (BestResponse is null ? 0 : 1));
}
