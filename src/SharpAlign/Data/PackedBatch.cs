namespace SharpAlign.Data;

/// <summary>What a scored sequence is to the objective.</summary>
public enum SequenceRole
{
    /// <summary>The preferred completion of a pair.</summary>
    Chosen,
    /// <summary>The dispreferred completion of a pair.</summary>
    Rejected,
    /// <summary>A single completion (SFT, or an unpaired KTO example).</summary>
    Completion,
    /// <summary>A best response scored for an SFT term next to a pair (CustomPOs), a child of the pair's prompt.</summary>
    BestResponse,
    /// <summary>A pair's prompt tokens (all but the first), scored for losses whose NLL covers prompt + chosen (ORPO).</summary>
    Prompt,
}

/// <summary>Per-example data an objective may need besides the tokens.</summary>
/// <param name="Id">Stable index of the example in its dataset (keys cached reference log-probs), or -1 when unknown.</param>
/// <param name="Label">Desirable/undesirable label of an unpaired (KTO) example; null for pairs.</param>
/// <param name="Weight">Per-example weight from the data (1 when the data gives none).</param>
/// <param name="ScoreChosen">Score of the chosen completion, when the data gives one.</param>
/// <param name="ScoreRejected">Score of the rejected completion, when the data gives one.</param>
public readonly record struct ExampleInfo(long Id, bool? Label, double Weight, double? ScoreChosen, double? ScoreRejected)
{
    /// <summary>No data: id -1, weight 1.</summary>
    public static ExampleInfo None => new(-1, null, 1, null, null);
}

/// <summary>
/// A contiguous run of tokens in the packed stream. Its tokens attend causally within the
/// segment and to every token of every ancestor (<see cref="Parent"/>, its parent, …).
/// </summary>
/// <param name="Start">Index of the first token in <see cref="PackedBatch.Tokens"/>.</param>
/// <param name="Length">Number of tokens.</param>
/// <param name="Parent">Index of the parent segment, or -1 for a root.</param>
public readonly record struct Segment(int Start, int Length, int Parent);

/// <summary>A sequence whose completion tokens are scored (summed log-probability).</summary>
/// <param name="Example">Index of the example (pair or row) it came from, within the batch.</param>
/// <param name="Role">Chosen, rejected or a single completion.</param>
/// <param name="Segment">The segment holding its completion tokens.</param>
/// <param name="TokenCount">Number of scored tokens.</param>
public readonly record struct ScoredSequence(int Example, SequenceRole Role, int Segment, int TokenCount);

/// <summary>
/// A micro-batch as one packed token stream of segments, never padded (DESIGN.md idea 3).
/// A preference pair is a prompt segment with two child segments (chosen, rejected), so the
/// prompt is computed once; the plain layout is two root segments [prompt+chosen], [prompt+rejected].
/// Positions continue from the end of the parent. Scoring entries say which row's hidden state
/// predicts which target token for which sequence.
/// </summary>
public sealed class PackedBatch
{
    /// <summary>Token ids of all segments, concatenated. [T]</summary>
    public required int[] Tokens { get; init; }

    /// <summary>Rotary position of every token. [T]</summary>
    public required int[] Positions { get; init; }

    /// <summary>Segment index of every token. [T]</summary>
    public required int[] SegmentOf { get; init; }

    /// <summary>The segments, parents before children.</summary>
    public required Segment[] Segments { get; init; }

    /// <summary>Row (token index) whose hidden state predicts each scored target. [S]</summary>
    public required int[] ScoreSource { get; init; }

    /// <summary>Target token id of each scored entry. [S]</summary>
    public required int[] ScoreTarget { get; init; }

    /// <summary>Sequence index of each scored entry. [S]</summary>
    public required int[] ScoreSequence { get; init; }

    /// <summary>The scored sequences, in the order they were added.</summary>
    public required ScoredSequence[] Sequences { get; init; }

    /// <summary>Number of examples (pairs or single rows) in the batch.</summary>
    public required int ExampleCount { get; init; }

    /// <summary>Per-example data (label, weight, scores, dataset id), indexed by example; <see cref="ExampleInfo.None"/> where the builder was given none.</summary>
    public ExampleInfo[] Examples { get; init; } = [];

    /// <summary>Number of tokens in the stream.</summary>
    public int TokenCount => Tokens.Length;

    /// <summary>Number of scored entries.</summary>
    public int ScoredCount => ScoreTarget.Length;

    /// <summary>True when token <paramref name="key"/> is visible to token <paramref name="query"/>.</summary>
    public bool CanAttend(int query, int key)
    {
        int qs = SegmentOf[query], ks = SegmentOf[key];
        if (qs == ks) return key <= query;
        for (int s = Segments[qs].Parent; s >= 0; s = Segments[s].Parent)
            if (s == ks) return true;
        return false;
    }
}
