using SharpAlign.Tokenization.Text;

namespace SharpAlign.Tokenization.PreTokenizers;

/// <summary>
/// <c>Whitespace</c>: keeps the matches of <c>\w+|[^\w\s]+</c> (Rust regex crate meaning of
/// <c>\w</c> and <c>\s</c>) and drops everything else, i.e. runs of word characters and runs of
/// other non-space characters become pieces.
/// </summary>
internal sealed class WhitespacePreTokenizer : IPreTokenizer
{
    /// <inheritdoc />
    public void Split(PreToken piece, List<PreToken> output)
    {
        string text = piece.Text;
        int i = 0;
        while (i < text.Length)
        {
            int len = UnicodeClasses.CodePointAt(text, i, out int cp);
            if (UnicodeClasses.IsWhiteSpace(cp) && !UnicodeClasses.IsWordChar(cp)) { i += len; continue; }
            bool word = UnicodeClasses.IsWordChar(cp);
            int start = i;
            i += len;
            while (i < text.Length)
            {
                len = UnicodeClasses.CodePointAt(text, i, out cp);
                bool sameRun = word ? UnicodeClasses.IsWordChar(cp) : !UnicodeClasses.IsWordChar(cp) && !UnicodeClasses.IsWhiteSpace(cp);
                if (!sameRun) break;
                i += len;
            }
            output.Add(new PreToken(text[start..i], piece.AtStart && start == 0));
        }
    }
}
