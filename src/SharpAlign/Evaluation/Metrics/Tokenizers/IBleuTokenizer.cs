namespace SharpAlign.Evaluation.Metrics.Tokenizers;

/// <summary>
/// A sacreBLEU tokenizer: turns one (already lower-cased and right-stripped) segment into a string
/// whose whitespace-separated pieces are the BLEU tokens.
/// </summary>
public interface IBleuTokenizer
{
    /// <summary>The name sacreBLEU prints in the signature's <c>tok:</c> field (<c>13a</c>, <c>intl</c>, …).</summary>
    string Name { get; }

    /// <summary>Tokenizes one segment; the result is split on Python whitespace to get tokens.</summary>
    string Tokenize(string line);
}
