using System.Text.RegularExpressions;

namespace SharpAlign.Tokenization.Text;

/// <summary>
/// A regex from a tokenizer file, matched with the Rust library's code-point semantics. Two .NET
/// translations are kept: a fast one for text without surrogate pairs (the common case) and an
/// exact one that also matches supplementary-plane code points by category.
/// </summary>
internal sealed class UnicodeRegex : IPatternMatcher
{
    private readonly Regex _bmpOnly;
    private readonly Lazy<Regex> _full;

    /// <summary>Translates and compiles <paramref name="pattern"/>; throws <see cref="FormatException"/> for unsupported syntax.</summary>
    public UnicodeRegex(string pattern)
    {
        string fast = OnigurumaTranslator.Translate(pattern, withAstral: false);
        string full = OnigurumaTranslator.Translate(pattern, withAstral: true);
        try
        {
            _bmpOnly = new Regex(fast, RegexOptions.Compiled | RegexOptions.CultureInvariant);
            _full = new Lazy<Regex>(() => new Regex(full, RegexOptions.Compiled | RegexOptions.CultureInvariant));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"regex \"{pattern}\" could not be compiled: {e.Message}", e);
        }
    }

    /// <summary>A regex matching <paramref name="literal"/> exactly (the tokenizers <c>String</c> pattern).</summary>
    public static UnicodeRegex ForLiteral(string literal)
    {
        var sb = new System.Text.StringBuilder();
        foreach (char c in literal) sb.Append($"\\u{(int)c:X4}");
        return new UnicodeRegex(sb.ToString());
    }

    /// <summary>Appends the (start, length) of every non-overlapping match, leftmost first.</summary>
    public void FindAll(ReadOnlySpan<char> text, List<(int Start, int Length)> matches)
    {
        var regex = text.IndexOfAnyInRange('\uD800', '\uDFFF') < 0 ? _bmpOnly : _full.Value;
        foreach (var m in regex.EnumerateMatches(text)) matches.Add((m.Index, m.Length));
    }

    /// <summary>Replaces every match with <paramref name="replacement"/> (inserted literally).</summary>
    public string ReplaceAll(string text, string replacement)
    {
        var regex = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0 ? _bmpOnly : _full.Value;
        return regex.Replace(text, replacement.Replace("$", "$$"));
    }
}
