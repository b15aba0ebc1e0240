namespace SharpAlign.Tokenization.Text;

/// <summary>Finds the non-overlapping matches of a tokenizer split pattern, leftmost first.</summary>
internal interface IPatternMatcher
{
    /// <summary>Appends (start, length) of every match in <paramref name="text"/>.</summary>
    void FindAll(ReadOnlySpan<char> text, List<(int Start, int Length)> matches);
}

/// <summary>
/// Chooses the matcher for a regex from a tokenizer file: the hand-written scanners for the
/// GPT-2, Llama-3 and Qwen2 split patterns (same results as the regex, several times faster),
/// otherwise the translated <see cref="UnicodeRegex"/>.
/// </summary>
internal static class PatternMatchers
{
    /// <summary>GPT-2's split regex (ByteLevel <c>use_regex</c>; also SmolLM, StarCoder, Phi-2…).</summary>
    public const string Gpt2 = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>Llama-3's split regex (numbers in groups of up to three digits).</summary>
    public const string Llama3 = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Qwen2's split regex (Llama-3's with one digit per piece).</summary>
    public const string Qwen2 = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>The fastest exact matcher for <paramref name="pattern"/>.</summary>
    public static IPatternMatcher For(string pattern) => pattern switch
    {
        Gpt2 => Gpt2Scanner.Instance,
        Llama3 => new Llama3Scanner(maxDigits: 3),
        Qwen2 => new Llama3Scanner(maxDigits: 1),
        _ => new UnicodeRegex(pattern),
    };
}
