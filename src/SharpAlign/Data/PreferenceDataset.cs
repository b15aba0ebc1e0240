using SharpAlign.Data.Reading;
using SharpAlign.Data.Schema;
using SharpAlign.Data.Tokenizing;

namespace SharpAlign.Data;

/// <summary>
/// A preference dataset read as a stream: files → rows → schema + validation → (optionally)
/// tokenization. Nothing is held beyond the current row. By default the first invalid row stops
/// the stream with an <see cref="InputException"/> naming file, line and field; with
/// <see cref="DatasetOptions.SkipInvalid"/> invalid rows are skipped and counted by reason.
/// Rows dropped by truncation rules are always dropped and counted, as TRL does.
/// </summary>
public sealed class PreferenceDataset(DatasetOptions options)
{
    /// <summary>Tokenization outcomes that drop a valid row rather than reject it as invalid.</summary>
    private static readonly HashSet<string> DropReasons =
        [DropReason.PromptTooLong, DropReason.CompletionTooLong, DropReason.CompletionEmptyAfterTruncation, DropReason.EmptyPrompt];

    /// <summary>Counts for the last enumeration.</summary>
    public DatasetStats Stats { get; private set; } = new();

    /// <summary>Streams the valid examples of the configured split.</summary>
    public IEnumerable<PreferenceExample> Examples()
    {
        Stats = new DatasetStats();
        var files = DatasetFiles.Resolve(options.Path, options.Split);
        Stats.Files = files;
        RowParser? parser = null;
        foreach (var row in DatasetFiles.ReadRows(files))
        {
            Stats.RowsRead++;
            if (parser is null && row.Problem is null)
            {
                var format = options.Format == DatasetFormat.Auto ? SchemaDetector.Detect(row, options.Columns) : options.Format;
                parser = new RowParser(format, options.Columns);
                Stats.Format = format;
                Stats.IgnoredColumns = parser.IgnoredColumns(row);
            }
            var (example, problem) = parser is null ? (null, row.Problem) : parser.Parse(row);
            if (problem is not null) { Invalid(row.Origin, problem); continue; }
            Stats.Content ??= example!.PromptIds is not null ? "token_ids" : example.Prompt!.IsConversation ? "conversational" : "text";
            Stats.RowsValid++;
            yield return example!;
        }
    }

    /// <summary>Streams the tokenized examples; rows that fail tokenization are counted (and stop the stream when invalid).</summary>
    public IEnumerable<TokenizedExample> Tokenized(PreferenceTokenizer tokenizer)
    {
        foreach (var example in Examples())
        {
            var (tokenized, problem) = tokenizer.Tokenize(example);
            if (problem is null) { yield return tokenized!; continue; }
            Stats.RowsValid--;
            if (DropReasons.Contains(problem.Reason)) Stats.Count(Stats.Dropped, problem.Reason, problem.Describe(example.Origin));
            else Invalid(example.Origin, problem);
        }
    }

    private void Invalid(RowOrigin origin, RowProblem problem)
    {
        string message = problem.Describe(origin);
        if (!options.SkipInvalid) throw new InputException(message + " (use --skip-invalid to skip such rows and count them)");
        Stats.Count(Stats.Invalid, problem.Reason, message);
    }
}
