using SharpAlign.Data.Tokenizing;

namespace SharpAlign.Data;

/// <summary>What <see cref="DatasetInspector"/> found, as plain data (printed as JSON by <c>sharpalign data inspect</c>).</summary>
public sealed class DatasetReport
{
    /// <summary>Counts and format of the read.</summary>
    public required DatasetStats Stats { get; init; }

    /// <summary>Token lengths by field ("prompt", "chosen", "rejected", "completion", "best_response"); empty without token ids.</summary>
    public required IReadOnlyDictionary<string, LengthSummary> TokenLengths { get; init; }

    /// <summary>Tokens of all examples in the prefix-shared layout.</summary>
    public long SharedTokens { get; init; }

    /// <summary>Tokens of all examples in the plain layout.</summary>
    public long PlainTokens { get; init; }

    /// <summary>Share of the plain layout's tokens that prefix sharing saves, or null without token ids.</summary>
    public double? PrefixSharingSaves => PlainTokens == 0 ? null : 1.0 - (double)SharedTokens / PlainTokens;

    /// <summary>Micro-batches of epoch 0 in the prefix-shared and the plain layout, when batching options were given.</summary>
    public (int PrefixShared, int Plain)? MicroBatches { get; init; }

    /// <summary>What tokenization adjusted; null without a tokenizer.</summary>
    public TokenizationStats? Tokenization { get; init; }

    /// <summary>The first examples, rendered with the prompt | completion boundary made visible.</summary>
    public required IReadOnlyList<RenderedExample> Examples { get; init; }

    /// <summary>Wall time of read + validate (+ tokenize), seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>Rows read per second.</summary>
    public double RowsPerSecond => Seconds > 0 ? Stats.RowsRead / Seconds : 0;
}

/// <summary>One example for display: each completion shown as prompt + <see cref="DatasetInspector.Boundary"/> + completion.</summary>
/// <param name="Source">"file, line N (row M)".</param>
/// <param name="Sequences">Field name → rendered text.</param>
/// <param name="TokenCounts">Field name → token count, when tokenized.</param>
public sealed record RenderedExample(string Source, IReadOnlyDictionary<string, string> Sequences, IReadOnlyDictionary<string, int>? TokenCounts);
