using System.Globalization;
using System.Text;

namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// Splits template source into tokens the way Jinja2's lexer does with the settings transformers
/// uses: <c>trim_blocks</c> (drop the first newline after a block or comment tag),
/// <c>lstrip_blocks</c> (drop spaces and tabs before a block or comment tag at the start of a
/// line), <c>-</c> on either side of a tag (strip all adjacent whitespace), <c>+</c> (disable
/// the block settings for that side), and <c>keep_trailing_newline=False</c>.
/// </summary>
internal sealed class TemplateLexer
{
    private static readonly string[] Operators =
        ["**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|"];

    private readonly string _src;
    private readonly string _name;
    private readonly bool _trimBlocks;
    private readonly bool _lstripBlocks;
    private readonly int[] _lineStarts;
    private readonly List<TemplateToken> _tokens = [];
    private int _pos;
    private bool _lineStarting = true;

    private TemplateLexer(string source, string name, bool trimBlocks, bool lstripBlocks)
    {
        _src = Normalize(source);
        _name = name;
        _trimBlocks = trimBlocks;
        _lstripBlocks = lstripBlocks;
        var starts = new List<int> { 0 };
        for (int i = 0; i < _src.Length; i++) if (_src[i] == '\n') starts.Add(i + 1);
        _lineStarts = [.. starts];
    }

    /// <summary>Tokenizes <paramref name="source"/>; the last token is <see cref="TokenKind.End"/>.</summary>
    public static List<TemplateToken> Tokenize(string source, string name, bool trimBlocks = true, bool lstripBlocks = true)
    {
        var lexer = new TemplateLexer(source, name, trimBlocks, lstripBlocks);
        lexer.Run();
        return lexer._tokens;
    }

    /// <summary>Jinja normalizes every line ending to "\n" and drops one trailing newline.</summary>
    private static string Normalize(string source)
    {
        var s = source.Replace("\r\n", "\n").Replace('\r', '\n');
        return s.EndsWith('\n') ? s[..^1] : s;
    }

    private SourcePosition PositionOf(int offset)
    {
        int line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return new SourcePosition(line + 1, offset - _lineStarts[line] + 1);
    }

    private TemplateException Error(int offset, string what) => TemplateException.At(_name, PositionOf(offset), what);

    private void Run()
    {
        while (_pos < _src.Length)
        {
            int tag = FindTagStart(_pos);
            if (tag < 0)
            {
                Emit(TokenKind.Text, _src[_pos..], _pos);
                _pos = _src.Length;
                break;
            }
            char kind = _src[tag + 1];
            char marker = tag + 2 < _src.Length ? _src[tag + 2] : '\0';
            var text = _src[_pos..tag];
            if (marker == '-') text = PythonText.Strip(text, null, left: false, right: true);
            else if (marker != '+' && _lstripBlocks && kind != '{') text = LstripBeforeTag(text);
            if (text.Length > 0) Emit(TokenKind.Text, text, _pos);
            int inner = tag + 2 + (marker is '-' or '+' ? 1 : 0);
            if (kind == '#') LexComment(tag, inner);
            else LexTag(tag, inner, kind == '{');
        }
        _tokens.Add(new TemplateToken(TokenKind.End, "", PositionOf(_src.Length)));
    }

    private int FindTagStart(int from)
    {
        for (int i = _src.IndexOf('{', from); i >= 0 && i + 1 < _src.Length; i = _src.IndexOf('{', i + 1))
            if (_src[i + 1] is '{' or '%' or '#') return i;
        return -1;
    }

    /// <summary>lstrip_blocks: spaces/tabs between the line start and a block tag are removed.</summary>
    private string LstripBeforeTag(string text)
    {
        int lineStart = text.LastIndexOf('\n') + 1;
        if (lineStart == 0 && !_lineStarting) return text;
        if (lineStart == text.Length) return text;
        for (int i = lineStart; i < text.Length; i++)
            if (!PythonText.IsSpace(text[i])) return text;
        return text[..lineStart];
    }

    private void LexComment(int tagStart, int inner)
    {
        int end = _src.IndexOf("#}", inner, StringComparison.Ordinal);
        if (end < 0) throw Error(tagStart, "comment '{#' is never closed with '#}'");
        char before = _src[end - 1];
        _pos = end + 2;
        FinishTag(before == '-' && end - 1 >= inner, before == '+' && end - 1 >= inner, block: true);
    }

    /// <summary>After a tag: '-' strips all following whitespace, trim_blocks drops one newline after a block tag.</summary>
    private void FinishTag(bool stripAfter, bool plus, bool block)
    {
        int start = _pos;
        if (stripAfter)
            while (_pos < _src.Length && PythonText.IsSpace(_src[_pos])) _pos++;
        else if (block && !plus && _trimBlocks && _pos < _src.Length && _src[_pos] == '\n')
            _pos++;
        _lineStarting = _pos > start && _src[_pos - 1] == '\n';
    }

    private void LexTag(int tagStart, int inner, bool variable)
    {
        Emit(variable ? TokenKind.VariableBegin : TokenKind.BlockBegin, variable ? "{{" : "{%", tagStart);
        _pos = inner;
        int depth = 0;
        while (true)
        {
            while (_pos < _src.Length && PythonText.IsSpace(_src[_pos])) _pos++;
            if (_pos >= _src.Length)
                throw Error(tagStart, variable ? "'{{' is never closed with '}}'" : "'{%' is never closed with '%}'");
            char c = _src[_pos];
            if (depth == 0 && TryTagEnd(variable, out var stripAfter, out var plus))
            {
                Emit(variable ? TokenKind.VariableEnd : TokenKind.BlockEnd, variable ? "}}" : "%}", _pos);
                _pos += 2 + (stripAfter || plus ? 1 : 0);
                FinishTag(stripAfter, plus, block: !variable);
                return;
            }
            if (c is '"' or '\'') { LexString(); continue; }
            if (char.IsAsciiDigit(c)) { LexNumber(); continue; }
            if (char.IsLetter(c) || c == '_') { LexName(); continue; }
            var op = Operators.FirstOrDefault(o => string.CompareOrdinal(_src, _pos, o, 0, o.Length) == 0)
                ?? throw Error(_pos, $"unexpected character '{c}'");
            if (op is "(" or "[" or "{") depth++;
            else if (op is ")" or "]" or "}") depth = Math.Max(0, depth - 1);
            Emit(TokenKind.Operator, op, _pos);
            _pos += op.Length;
        }
    }

    private bool TryTagEnd(bool variable, out bool stripAfter, out bool plus)
    {
        string end = variable ? "}}" : "%}";
        stripAfter = plus = false;
        if (string.CompareOrdinal(_src, _pos, end, 0, 2) == 0) return true;
        if (_src[_pos] is '-' or '+' && string.CompareOrdinal(_src, _pos + 1, end, 0, 2) == 0)
        {
            stripAfter = _src[_pos] == '-';
            plus = _src[_pos] == '+';
            return true;
        }
        return false;
    }

    private void LexName()
    {
        int start = _pos;
        while (_pos < _src.Length && (char.IsLetterOrDigit(_src[_pos]) || _src[_pos] == '_')) _pos++;
        Emit(TokenKind.Name, _src[start.._pos], start);
    }

    private void LexNumber()
    {
        int start = _pos;
        SkipDigits();
        bool isFloat = false;
        if (_pos + 1 < _src.Length && _src[_pos] == '.' && char.IsAsciiDigit(_src[_pos + 1]))
        {
            isFloat = true;
            _pos++;
            SkipDigits();
        }
        if (_pos < _src.Length && _src[_pos] is 'e' or 'E')
        {
            int save = _pos++;
            if (_pos < _src.Length && _src[_pos] is '+' or '-') _pos++;
            if (_pos < _src.Length && char.IsAsciiDigit(_src[_pos])) { isFloat = true; SkipDigits(); }
            else _pos = save;
        }
        var text = _src[start.._pos].Replace("_", "");
        Emit(isFloat ? TokenKind.Float : TokenKind.Integer, text, start);
    }

    private void SkipDigits()
    {
        while (_pos < _src.Length && (char.IsAsciiDigit(_src[_pos]) || (_src[_pos] == '_' && _pos + 1 < _src.Length && char.IsAsciiDigit(_src[_pos + 1])))) _pos++;
    }

    /// <summary>A quoted literal with Python escapes (\n, \t, \\, \', \", \xHH, \uXXXX, \UXXXXXXXX, octal); unknown escapes stay as written.</summary>
    private void LexString()
    {
        int start = _pos;
        char quote = _src[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _src.Length) throw Error(start, "string literal is never closed");
            char c = _src[_pos++];
            if (c == quote) break;
            if (c != '\\') { sb.Append(c); continue; }
            if (_pos >= _src.Length) throw Error(start, "string literal is never closed");
            char e = _src[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case '\n': break;
                case 'x': sb.Append((char)HexEscape(2, start)); break;
                case 'u': sb.Append((char)HexEscape(4, start)); break;
                case 'U': sb.Append(char.ConvertFromUtf32(HexEscape(8, start))); break;
                case >= '0' and <= '7':
                    int value = e - '0';
                    for (int k = 0; k < 2 && _pos < _src.Length && _src[_pos] is >= '0' and <= '7'; k++) value = value * 8 + (_src[_pos++] - '0');
                    sb.Append((char)value);
                    break;
                default: sb.Append('\\').Append(e); break;
            }
        }
        Emit(TokenKind.String, sb.ToString(), start);
    }

    private int HexEscape(int digits, int literalStart)
    {
        if (_pos + digits > _src.Length || !int.TryParse(_src.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
            throw Error(literalStart, $"invalid \\{_src[_pos - 1]} escape in string literal");
        _pos += digits;
        if (v > 0x10FFFF) throw Error(literalStart, "escape beyond U+10FFFF in string literal");
        return v;
    }

    private void Emit(TokenKind kind, string value, int offset) => _tokens.Add(new TemplateToken(kind, value, PositionOf(offset)));
}
