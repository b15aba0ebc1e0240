namespace SharpAlign.Evaluation.Metrics.Tokenizers;

/// <summary>
/// sacreBLEU's default <c>13a</c> tokenizer (mteval-v13a; sacrebleu/tokenizers/tokenizer_13a.py):
/// drop <c>&lt;skipped&gt;</c>, join "-\n" hyphenation, newlines to spaces, unescape
/// <c>&amp;quot; &amp;amp; &amp;lt; &amp;gt;</c> in that order, pad with a space on each side, then
/// <see cref="MtevalPunctuationRules"/>.
/// </summary>
public sealed class Tokenizer13a : IBleuTokenizer
{
    /// <inheritdoc />
    public string Name => "13a";

    /// <inheritdoc />
    public string Tokenize(string line)
    {
        line = line.Replace("<skipped>", "").Replace("-\n", "").Replace("\n", " ");
        if (line.Contains('&'))
            line = line.Replace("&quot;", "\"").Replace("&amp;", "&").Replace("&lt;", "<").Replace("&gt;", ">");
        return MtevalPunctuationRules.Apply(" " + line + " ");
    }
}
