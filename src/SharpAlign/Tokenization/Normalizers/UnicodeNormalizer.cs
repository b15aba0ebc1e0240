using SharpAlign.Tokenization.Text;

namespace SharpAlign.Tokenization.Normalizers;

/// <summary><c>NFC</c>, <c>NFD</c>, <c>NFKC</c>, <c>NFKD</c>: Unicode normalization of the piece.</summary>
internal sealed class UnicodeNormalizer(NormalForm form) : INormalizer
{
    /// <inheritdoc />
    public string Normalize(string text) => UnicodeNormalization.Normalize(text, form);
}
