namespace SharpAlign.Data.Tokenizing;

/// <summary>Counts of what tokenization had to adjust, for reports.</summary>
public sealed class TokenizationStats
{
    /// <summary>Examples whose joint tokenization merged across the prompt/completion boundary, so the shared prompt was shortened.</summary>
    public long BoundaryMerges { get; set; }

    /// <summary>Examples whose leading doubled BOS was removed (the text already began with BOS and the tokenizer added another).</summary>
    public long DoubledBosRemoved { get; set; }

    /// <summary>
    /// Conversational examples whose rendered completion contains the EOS text but whose ids hold no
    /// EOS id (the tokenizer did not match the text as the special token, e.g. Llama-2's normalized
    /// "&lt;/s&gt;" glued to a word): the model would never learn to stop. Reported, not changed.
    /// </summary>
    public long EosTextNotEosId { get; set; }

    /// <summary>Prompts cut by max_prompt_length or keep_end.</summary>
    public long PromptsTruncated { get; set; }

    /// <summary>Completions cut by max_completion_length or max_length.</summary>
    public long CompletionsTruncated { get; set; }
}
