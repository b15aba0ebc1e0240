namespace SharpAlign.Data.Tokenizing;

/// <summary>Counts of what tokenization had to adjust, for reports.</summary>
public sealed class TokenizationStats
{
    /// <summary>Examples whose joint tokenization merged across the prompt/completion boundary, so the shared prompt was shortened.</summary>
    public long BoundaryMerges { get; set; }

    /// <summary>Examples whose leading doubled BOS was removed (the text already began with BOS and the tokenizer added another).</summary>
    public long DoubledBosRemoved { get; set; }

    /// <summary>Prompts cut by max_prompt_length or keep_end.</summary>
    public long PromptsTruncated { get; set; }

    /// <summary>Completions cut by max_completion_length or max_length.</summary>
    public long CompletionsTruncated { get; set; }
}
