namespace SharpAlign.Tokenization.Normalizers;

/// <summary>A tokenizer.json <c>normalizer</c>: rewrites a piece of text before pre-tokenization.</summary>
internal interface INormalizer
{
    /// <summary>The normalized form of <paramref name="text"/>.</summary>
    string Normalize(string text);
}
