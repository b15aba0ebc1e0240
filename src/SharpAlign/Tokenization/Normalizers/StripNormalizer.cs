using SharpAlign.Tokenization.Text;

namespace SharpAlign.Tokenization.Normalizers;

/// <summary><c>Strip</c>: removes leading and/or trailing White_Space characters.</summary>
internal sealed class StripNormalizer(bool left, bool right) : INormalizer
{
    /// <inheritdoc />
    public string Normalize(string text)
    {
        int start = 0, end = text.Length;
        if (left)
            while (start < end && UnicodeClasses.IsWhiteSpace(text[start])) start++;
        if (right)
            while (end > start && UnicodeClasses.IsWhiteSpace(text[end - 1])) end--;
        return start == 0 && end == text.Length ? text : text[start..end];
    }
}
