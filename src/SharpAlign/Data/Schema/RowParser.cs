using SharpAlign.Data.Reading;

namespace SharpAlign.Data.Schema;

/// <summary>
/// Applies a schema to raw rows and validates them: required fields with the right types,
/// non-empty completions (also after implicit-prompt extraction), chosen ≠ rejected, an assistant
/// turn in conversational completions. The result is a <see cref="PreferenceExample"/> or a
/// <see cref="RowProblem"/> naming the field.
/// </summary>
public sealed class RowParser(DatasetFormat format, ColumnMap columns)
{
    /// <summary>The format rows are parsed as (never <see cref="DatasetFormat.Auto"/>).</summary>
    public DatasetFormat Format { get; } = format != DatasetFormat.Auto ? format
        : throw new ArgumentException("detect the format first (SchemaDetector)", nameof(format));

    /// <summary>
    /// The dataset columns of <paramref name="row"/> this format does not read (after remapping), so a
    /// user sees what is ignored: e.g. Orca's <c>system</c> next to string prompts, UltraFeedback's
    /// <c>prompt</c> and <c>messages</c> next to conversational chosen/rejected.
    /// </summary>
    public IReadOnlyList<string> IgnoredColumns(RawRow row)
    {
        if (row.Problem is not null) return [];
        var f = new FieldReader(row, columns);
        bool conversation = f.IsList(Format == DatasetFormat.Unpaired ? "prompt" : "chosen");
        string[] fields = Format switch
        {
            DatasetFormat.Standard => ["prompt", "chosen", "rejected", "score_chosen", "score_rejected", "weight", "best_response"],
            DatasetFormat.Conversational => ["prompt", "chosen", "rejected", "system", "score_chosen", "score_rejected", "weight", "best_response"],
            DatasetFormat.ImplicitPrompt => ["chosen", "rejected", "score_chosen", "score_rejected", "weight", "best_response", .. conversation ? new[] { "system" } : []],
            DatasetFormat.Unpaired => ["prompt", "completion", "label", "weight", .. conversation ? new[] { "system" } : []],
            _ => ["prompt_input_ids", "chosen_input_ids", "rejected_input_ids", "score_chosen", "score_rejected", "weight"],
        };
        var used = fields.Select(columns.Column).ToHashSet();
        return f.ColumnNames().Where(c => !used.Contains(c)).ToList();
    }

    /// <summary>Parses one row; exactly one of the results is non-null.</summary>
    public (PreferenceExample? Example, RowProblem? Problem) Parse(RawRow row)
    {
        if (row.Problem is not null) return (null, row.Problem);
        try
        {
            var f = new FieldReader(row, columns);
            var example = Format switch
            {
                DatasetFormat.Standard => Explicit(f, row.Origin, conversational: false),
                DatasetFormat.Conversational => Explicit(f, row.Origin, conversational: true),
                DatasetFormat.ImplicitPrompt => Implicit(f, row.Origin),
                DatasetFormat.Unpaired => Unpaired(f, row.Origin),
                _ => PreTokenized(f, row.Origin),
            };
            return (example, null);
        }
        catch (RowProblemException e)
        {
            return (null, e.Problem);
        }
    }

    private PreferenceExample Explicit(FieldReader f, RowOrigin origin, bool conversational)
    {
        var prompt = WithSystem(f, ExpectKind(f, "prompt", conversational));
        var chosen = ExpectKind(f, "chosen", conversational);
        var rejected = ExpectKind(f, "rejected", conversational);
        return Pair(f, origin, prompt, chosen, rejected);
    }

    private PreferenceExample Implicit(FieldReader f, RowOrigin origin)
    {
        var chosen = f.Text("chosen");
        var rejected = ExpectKind(f, "rejected", chosen.IsConversation);
        if (chosen.Equals(rejected)) throw FieldReader.Problem(DropReason.ChosenEqualsRejected, "rejected", "chosen and rejected are identical");
        RowText prompt;
        if (chosen.IsConversation)
        {
            var (p, c, r) = ImplicitPrompt.Split(chosen.Messages!, rejected.Messages!);
            (prompt, chosen, rejected) = (RowText.FromMessages(p), RowText.FromMessages(c), RowText.FromMessages(r));
            prompt = WithSystem(f, prompt);
        }
        else
        {
            var (p, c, r) = ImplicitPrompt.Split(chosen.Text!, rejected.Text!);
            (prompt, chosen, rejected) = (RowText.FromText(p), RowText.FromText(c), RowText.FromText(r));
        }
        return Pair(f, origin, prompt, chosen, rejected, " after extracting the common prompt");
    }

    private static PreferenceExample Pair(FieldReader f, RowOrigin origin, RowText prompt, RowText chosen, RowText rejected, string when = "")
    {
        CheckCompletion("chosen", chosen, when);
        CheckCompletion("rejected", rejected, when);
        if (chosen.Equals(rejected)) throw FieldReader.Problem(DropReason.ChosenEqualsRejected, "rejected", "chosen and rejected are identical");
        var best = f.OptionalText("best_response");
        if (best is not null) CheckCompletion("best_response", best, "");
        return new PreferenceExample
        {
            Origin = origin, Prompt = prompt, Chosen = chosen, Rejected = rejected,
            ScoreChosen = f.OptionalNumber("score_chosen"), ScoreRejected = f.OptionalNumber("score_rejected"),
            Weight = Weight(f), BestResponse = best,
        };
    }

    private PreferenceExample Unpaired(FieldReader f, RowOrigin origin)
    {
        var prompt = f.Text("prompt");
        var completion = ExpectKind(f, "completion", prompt.IsConversation);
        CheckCompletion("completion", completion, "");
        return new PreferenceExample
        {
            Origin = origin, Prompt = WithSystem(f, prompt), Completion = completion, Label = f.Bool("label"), Weight = Weight(f),
        };
    }

    private static PreferenceExample PreTokenized(FieldReader f, RowOrigin origin)
    {
        var prompt = f.Ids("prompt_input_ids");
        var chosen = f.Ids("chosen_input_ids");
        var rejected = f.Ids("rejected_input_ids");
        if (chosen.Length == 0) throw FieldReader.Problem(DropReason.EmptyCompletion, "chosen_input_ids", "completion has no tokens");
        if (rejected.Length == 0) throw FieldReader.Problem(DropReason.EmptyCompletion, "rejected_input_ids", "completion has no tokens");
        if (chosen.AsSpan().SequenceEqual(rejected)) throw FieldReader.Problem(DropReason.ChosenEqualsRejected, "rejected_input_ids", "chosen and rejected are identical");
        return new PreferenceExample
        {
            Origin = origin, PromptIds = prompt, ChosenIds = chosen, RejectedIds = rejected,
            ScoreChosen = f.OptionalNumber("score_chosen"), ScoreRejected = f.OptionalNumber("score_rejected"), Weight = Weight(f),
        };
    }

    private static RowText ExpectKind(FieldReader f, string field, bool conversational)
    {
        var value = f.Text(field);
        if (value.IsConversation != conversational)
            throw FieldReader.Problem(DropReason.WrongType, field, (conversational
                ? "expected a list of {role, content} messages like the other fields, found a string"
                : "expected a string like the other fields, found a list of messages") + f.ColumnNote(field));
        return value;
    }

    /// <summary>Conversations get the optional <c>system</c> column as a leading system turn, unless they already start with one.</summary>
    private static RowText WithSystem(FieldReader f, RowText prompt)
    {
        if (!prompt.IsConversation || !f.Has("system")) return prompt;
        string system = f.String("system");
        if (string.IsNullOrWhiteSpace(system) || prompt.Messages!.FirstOrDefault()?.Role == "system") return prompt;
        return RowText.FromMessages([new ChatMessage("system", system), .. prompt.Messages!]);
    }

    private static void CheckCompletion(string field, RowText value, string when)
    {
        if (value.IsConversation && !value.HasAssistantTurn)
            throw FieldReader.Problem(DropReason.NoAssistantTurn, field, "conversation has no assistant turn" + when);
        if (value.IsBlank)
            throw FieldReader.Problem(DropReason.EmptyCompletion, field, "completion is empty or whitespace-only" + when);
    }

    private static double? Weight(FieldReader f)
    {
        double? w = f.OptionalNumber("weight");
        return w is < 0 ? throw FieldReader.Problem(DropReason.WrongType, "weight", $"expected a non-negative weight, found {w}") : w;
    }
}
