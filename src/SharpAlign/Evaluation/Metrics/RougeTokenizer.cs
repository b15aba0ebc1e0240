using System.Text;
using SharpAlign.Evaluation.Text;

namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// rouge-score's default tokenizer (rouge/tokenize.py): Python <c>lower()</c>, every maximal run of
/// characters outside [a-z0-9] becomes one space (so every non-ASCII character separates), split,
/// optionally Porter-stem (NLTK) the tokens longer than 3 characters, keep tokens matching
/// <c>^[a-z0-9]+$</c>.
/// </summary>
public sealed class RougeTokenizer
{
    private readonly PorterStemmer? _stemmer;
    private readonly Dictionary<string, string>? _stemCache;

    /// <summary>Creates the tokenizer, with NLTK Porter stemming when <paramref name="useStemmer"/>.</summary>
    public RougeTokenizer(bool useStemmer)
    {
        if (!useStemmer) return;
        _stemmer = new PorterStemmer();
        _stemCache = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>The ROUGE tokens of <paramref name="text"/>.</summary>
    public List<string> Tokenize(string text)
    {
        string lower = PythonCase.Lower(text);
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (char c in lower)
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9')) current.Append(c);
            else if (current.Length > 0) { tokens.Add(Finish(current.ToString())); current.Clear(); }
        }
        if (current.Length > 0) tokens.Add(Finish(current.ToString()));
        tokens.RemoveAll(t => t.Length == 0 || !t.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9')));
        return tokens;
    }

    private string Finish(string token)
    {
        if (_stemmer is null || token.Length <= 3) return token;
        if (!_stemCache!.TryGetValue(token, out string? stem))
        {
            stem = _stemmer.Stem(token);
            _stemCache[token] = stem;
        }
        return stem;
    }
}
