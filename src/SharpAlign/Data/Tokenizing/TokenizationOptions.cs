namespace SharpAlign.Data.Tokenizing;

/// <summary>Tokenization and truncation settings (TRL <c>DPOConfig</c> names), as plain data.</summary>
public sealed record TokenizationOptions
{
    /// <summary>Maximum tokens of [prompt ‖ completion] per sequence; null = no limit.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Maximum prompt tokens; a longer prompt keeps its last tokens (and its BOS). Null = no limit.</summary>
    public int? MaxPromptLength { get; init; }

    /// <summary>Maximum tokens per completion (keeps the first ones); null = no limit.</summary>
    public int? MaxCompletionLength { get; init; }

    /// <summary>Which end survives max_length.</summary>
    public TruncationMode TruncationMode { get; init; } = TruncationMode.KeepStart;

    /// <summary>Which tokenization rule to follow.</summary>
    public TokenizationRule Rule { get; init; } = TokenizationRule.TrlJoint;

    /// <summary>Checks the values; throws <see cref="InputException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (MaxLength is < 2) throw new InputException($"max_length must be at least 2 (one prompt and one completion token), got {MaxLength}");
        if (MaxPromptLength is < 1) throw new InputException($"max_prompt_length must be at least 1, got {MaxPromptLength}");
        if (MaxCompletionLength is < 1) throw new InputException($"max_completion_length must be at least 1, got {MaxCompletionLength}");
        if (MaxPromptLength is int p && MaxLength is int m && p >= m)
            throw new InputException($"max_prompt_length ({p}) must be smaller than max_length ({m}), or every completion would be cut to nothing (TRL issue #3339)");
    }
}
