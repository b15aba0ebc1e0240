namespace SharpAlign.Tokenization.Normalizers;

/// <summary><c>Prepend</c>: puts a fixed string in front of every non-empty piece.</summary>
internal sealed class PrependNormalizer(string prefix) : INormalizer
{
    /// <inheritdoc />
    public string Normalize(string text) => text.Length == 0 ? text : prefix + text;
}
