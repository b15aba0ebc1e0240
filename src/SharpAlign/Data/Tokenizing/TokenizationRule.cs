namespace SharpAlign.Data.Tokenizing;

/// <summary>How text becomes prompt and completion ids (losses.md §3.2).</summary>
public enum TokenizationRule
{
    /// <summary>
    /// TRL-new (§3.2 d, default): EOS appended to string completions when missing (as the id, see
    /// <see cref="PreferenceTokenizer"/>); prompt and
    /// prompt+completion tokenized with the tokenizer's special tokens (BOS once); conversations
    /// rendered by the chat template and tokenized without special tokens; completion = joint ids
    /// minus the prompt's ids.
    /// </summary>
    TrlJoint,
    /// <summary>
    /// TRL v0.12–v0.27 (§3.2 c): prompt and each completion tokenized separately without special
    /// tokens (so no BOS for plain text), the EOS id appended to string completions. Truncation stays
    /// as configured; that era's default was <see cref="TruncationMode.KeepEnd"/>.
    /// </summary>
    TrlLegacySeparate,
}
