using SharpAlign.Tokenization.Text;

namespace SharpAlign.Tokenization.Normalizers;

/// <summary><c>Replace</c>: replaces every match of a literal string or regex with fixed content.</summary>
internal sealed class ReplaceNormalizer : INormalizer
{
    private readonly string? _literal;
    private readonly UnicodeRegex? _regex;
    private readonly string _content;

    /// <summary>Replaces occurrences of the literal <paramref name="literal"/>.</summary>
    public static ReplaceNormalizer ForString(string literal, string content) => new(literal, null, content);

    /// <summary>Replaces matches of <paramref name="regex"/>.</summary>
    public static ReplaceNormalizer ForRegex(UnicodeRegex regex, string content) => new(null, regex, content);

    private ReplaceNormalizer(string? literal, UnicodeRegex? regex, string content)
    {
        _literal = literal;
        _regex = regex;
        _content = content;
    }

    /// <inheritdoc />
    public string Normalize(string text) => Apply(text);

    /// <summary>The replacement applied to one string (shared with the Replace decoder).</summary>
    public string Apply(string text)
    {
        if (_literal is not null) return _literal.Length == 0 ? text : text.Replace(_literal, _content, StringComparison.Ordinal);
        return _regex!.ReplaceAll(text, _content);
    }
}
