namespace SharpAlign.Data.Reading;

/// <summary>Reason codes for rows that are rejected or dropped; they key the counts a skip-invalid run reports.</summary>
public static class DropReason
{
    /// <summary>The line or record is not well-formed JSON / CSV.</summary>
    public const string Malformed = "malformed";
    /// <summary>The bytes are not valid UTF-8.</summary>
    public const string InvalidUtf8 = "invalid_utf8";
    /// <summary>The row is not a JSON object (e.g. a bare string or number).</summary>
    public const string NotAnObject = "not_an_object";
    /// <summary>A required field is absent or null.</summary>
    public const string MissingField = "missing_field";
    /// <summary>A field has the wrong JSON type (e.g. a number where a string is expected).</summary>
    public const string WrongType = "wrong_type";
    /// <summary>A completion is empty or only whitespace (also after implicit-prompt extraction).</summary>
    public const string EmptyCompletion = "empty_completion";
    /// <summary>Chosen and rejected are identical.</summary>
    public const string ChosenEqualsRejected = "chosen_equals_rejected";
    /// <summary>A conversational completion holds no assistant turn.</summary>
    public const string NoAssistantTurn = "no_assistant_turn";
    /// <summary>The prompt tokenizes to zero tokens, so nothing predicts the first completion token.</summary>
    public const string EmptyPrompt = "empty_prompt";
    /// <summary>The prompt alone reaches max_length (keep_start), as TRL drops it.</summary>
    public const string PromptTooLong = "prompt_too_long";
    /// <summary>keep_end: a completion alone does not fit in max_length next to a one-token prompt.</summary>
    public const string CompletionTooLong = "completion_too_long";
    /// <summary>Truncation left a completion empty or whitespace-only.</summary>
    public const string CompletionEmptyAfterTruncation = "completion_empty_after_truncation";
    /// <summary>A pre-tokenized id lies outside the tokenizer's vocabulary.</summary>
    public const string TokenIdOutOfRange = "token_id_out_of_range";
}
