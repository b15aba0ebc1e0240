using System.Globalization;
using System.Text;

namespace SharpAlign.Tokenization.Text;

/// <summary>
/// Rewrites a regex written for the Rust tokenizers library (Oniguruma, Ruby syntax; also valid
/// for fancy-regex in the subset tokenizer files use) into an equivalent .NET pattern that
/// matches whole code points. Every character class, shorthand (<c>\s \d \w</c>), property
/// (<c>\p{L}</c>) and <c>.</c> is computed as a code-point set and emitted with supplementary
/// code points as surrogate-pair alternatives; case-insensitive parts are expanded by simple case
/// folding; Ruby's line anchors keep their meaning. Unsupported constructs (backreferences,
/// scripts, POSIX brackets, extended mode…) raise <see cref="FormatException"/> naming the
/// construct and its position.
/// </summary>
internal sealed class OnigurumaTranslator
{
    private static readonly Dictionary<string, CodePointSet> SetCache = new();
    private readonly string _p;
    private readonly bool _withAstral;
    private int _i;

    private OnigurumaTranslator(string pattern, bool withAstral)
    {
        _p = pattern;
        _withAstral = withAstral;
    }

    /// <summary>
    /// Translates <paramref name="pattern"/>. With <paramref name="withAstral"/> false the result
    /// is only valid on text without surrogate pairs (and is faster there).
    /// </summary>
    public static string Translate(string pattern, bool withAstral)
    {
        var t = new OnigurumaTranslator(pattern, withAstral);
        var flags = new Flags(false, false);
        string result = t.ParseAlternation(ref flags);
        if (t._i < t._p.Length) throw t.Error("unbalanced ')'");
        return result;
    }

    private record struct Flags(bool IgnoreCase, bool DotAll);

    private bool End => _i >= _p.Length;
    private char Peek => _p[_i];

    private FormatException Error(string what) => new($"{what} at position {_i} of regex \"{_p}\"");

    private string ParseAlternation(ref Flags flags)
    {
        var sb = new StringBuilder(ParseSequence(ref flags));
        while (!End && Peek == '|')
        {
            _i++;
            sb.Append('|').Append(ParseSequence(ref flags));
        }
        return sb.ToString();
    }

    private string ParseSequence(ref Flags flags)
    {
        var sb = new StringBuilder();
        while (!End && Peek != '|' && Peek != ')')
        {
            string? atom = ParseAtom(ref flags);
            if (atom is null) continue;
            sb.Append(ParseQuantifiers(atom));
        }
        return sb.ToString();
    }

    private string ParseQuantifiers(string atom)
    {
        while (!End)
        {
            int start = _i;
            string? q = Peek switch
            {
                '*' or '+' or '?' => _p[_i++].ToString(),
                '{' => TryInterval(),
                _ => null,
            };
            if (q is null) { _i = start; break; }
            if (!End && Peek == '?') { _i++; atom = atom + q + "?"; }
            else if (!End && Peek == '+' && q.Length == 1) { _i++; atom = "(?>" + atom + q + ")"; }
            else atom = atom + q;
            atom = "(?:" + atom + ")";
        }
        return atom;
    }

    private string? TryInterval()
    {
        int close = _p.IndexOf('}', _i);
        if (close < 0) return null;
        string body = _p[(_i + 1)..close];
        var parts = body.Split(',');
        bool valid = parts.Length is 1 or 2 && parts.All(p => p.All(char.IsAsciiDigit)) && !(parts.Length == 1 && parts[0].Length == 0)
                     && !(parts.Length == 2 && parts[0].Length == 0 && parts[1].Length == 0);
        if (!valid) return null;
        _i = close + 1;
        return parts.Length == 2 && parts[0].Length == 0 ? "{0," + parts[1] + "}" : "{" + body + "}";
    }

    private string? ParseAtom(ref Flags flags)
    {
        char c = Peek;
        switch (c)
        {
            case '(':
                return ParseGroup(ref flags);
            case '[':
                return Emit(ParseClass(flags));
            case '.':
                _i++;
                return Emit(flags.DotAll ? new CodePointSet().Complement() : Single('\n').Complement());
            case '^':
                _i++;
                return "(?m:^)";
            case '$':
                _i++;
                return "(?m:$)";
            case '\\':
                return ParseEscapeAtom(flags);
            case '*' or '+' or '?':
                throw Error($"quantifier '{c}' with nothing to repeat");
            default:
                _i += UnicodeClasses.CodePointAt(_p, _i, out int cp);
                return Literal(cp, flags);
        }
    }

    private string? ParseGroup(ref Flags outer)
    {
        _i++; // '('
        var inner = outer;
        string open = "(?:";
        if (!End && Peek == '?')
        {
            _i++;
            if (End) throw Error("unterminated group");
            char k = Peek;
            if (k == ':') { _i++; }
            else if (k == '=' || k == '!') { _i++; open = "(?" + k; }
            else if (k == '>') { _i++; open = "(?>"; }
            else if (k == '<' && _i + 1 < _p.Length && (_p[_i + 1] == '=' || _p[_i + 1] == '!')) { open = "(?<" + _p[_i + 1]; _i += 2; }
            else if (k == '<' || k == '\'' || k == 'P')
            {
                // Named capture: captures are irrelevant for splitting, keep it a plain group.
                char close = k == '\'' ? '\'' : '>';
                if (k == 'P') { _i++; if (End || Peek != '<') throw Error("unsupported group syntax '(?P'"); }
                int end = _p.IndexOf(close, _i + 1);
                if (end < 0) throw Error("unterminated group name");
                _i = end + 1;
            }
            else if (k == '#')
            {
                int end = _p.IndexOf(')', _i);
                if (end < 0) throw Error("unterminated comment group");
                _i = end + 1;
                return null;
            }
            else
            {
                bool on = true;
                var f = outer;
                while (!End && Peek != ':' && Peek != ')')
                {
                    char fl = _p[_i++];
                    switch (fl)
                    {
                        case '-': on = false; break;
                        case 'i': f.IgnoreCase = on; break;
                        case 'm': f.DotAll = on; break;
                        default: _i--; throw Error($"unsupported regex option '{fl}'");
                    }
                }
                if (End) throw Error("unterminated group");
                if (Peek == ')')
                {
                    _i++;
                    outer = f; // applies to the rest of the enclosing group
                    return null;
                }
                _i++; // ':'
                inner = f;
            }
        }
        string body = ParseAlternation(ref inner);
        if (End || Peek != ')') throw Error("missing ')'");
        _i++;
        return open + body + ")";
    }

    private string ParseEscapeAtom(Flags flags)
    {
        int start = _i;
        _i++; // '\'
        if (End) throw Error("trailing backslash");
        char e = Peek;
        switch (e)
        {
            case 'b' or 'B' or 'A' or 'z' or 'G':
                _i++;
                return "\\" + e;
            case 'Z':
                _i++;
                return "\\Z";
            case >= '1' and <= '9':
            case 'k' or 'g' or 'K' or 'R' or 'X' or 'Q':
                _i = start;
                throw Error($"unsupported regex escape '\\{e}'");
        }
        _i = start;
        var set = TryParseSetEscape(flags);
        if (set is not null) return Emit(flags.IgnoreCase ? set.CaseClosure() : set);
        return Literal(ParseCharEscape(), flags);
    }

    /// <summary>Parses <c>\s \S \d \D \w \W \h \H \p{..} \P{..}</c> at the cursor (which is on the backslash).</summary>
    private CodePointSet? TryParseSetEscape(Flags flags)
    {
        char e = _p[_i + 1];
        CodePointSet? set = e switch
        {
            's' => Cached("\\s", () => CodePointSet.Where(UnicodeClasses.IsWhiteSpace)),
            'S' => Cached("\\S", () => CodePointSet.Where(UnicodeClasses.IsWhiteSpace).Complement()),
            'd' => Cached("\\d", () => CodePointSet.OfCategories(UnicodeCategory.DecimalDigitNumber)),
            'D' => Cached("\\D", () => CodePointSet.OfCategories(UnicodeCategory.DecimalDigitNumber).Complement()),
            'w' => Cached("\\w", () => CodePointSet.Where(UnicodeClasses.IsWordChar)),
            'W' => Cached("\\W", () => CodePointSet.Where(UnicodeClasses.IsWordChar).Complement()),
            'h' => Cached("\\h", () => CodePointSet.Where(cp => cp < 128 && char.IsAsciiHexDigit((char)cp))),
            'H' => Cached("\\H", () => CodePointSet.Where(cp => cp < 128 && char.IsAsciiHexDigit((char)cp)).Complement()),
            'p' or 'P' => null,
            _ => null,
        };
        if (set is not null) { _i += 2; return set; }
        if (e is not ('p' or 'P')) return null;
        _i += 2;
        string name;
        if (!End && Peek == '{')
        {
            int close = _p.IndexOf('}', _i);
            if (close < 0) throw Error("unterminated \\p{");
            name = _p[(_i + 1)..close];
            _i = close + 1;
        }
        else if (!End) name = _p[_i++].ToString();
        else throw Error("incomplete \\p");
        bool negate = e == 'P';
        if (name.StartsWith('^')) { negate = !negate; name = name[1..]; }
        var prop = Property(name);
        return negate ? prop.Complement() : prop;
    }

    private CodePointSet Property(string name)
    {
        string key = name.Replace("_", "").Replace(" ", "").Replace("-", "").ToLowerInvariant();
        UnicodeCategory[]? cats = key switch
        {
            "l" or "letter" => [UnicodeCategory.UppercaseLetter, UnicodeCategory.LowercaseLetter, UnicodeCategory.TitlecaseLetter, UnicodeCategory.ModifierLetter, UnicodeCategory.OtherLetter],
            "lu" or "uppercaseletter" => [UnicodeCategory.UppercaseLetter],
            "ll" or "lowercaseletter" => [UnicodeCategory.LowercaseLetter],
            "lt" or "titlecaseletter" => [UnicodeCategory.TitlecaseLetter],
            "lm" or "modifierletter" => [UnicodeCategory.ModifierLetter],
            "lo" or "otherletter" => [UnicodeCategory.OtherLetter],
            "m" or "mark" or "combiningmark" => [UnicodeCategory.NonSpacingMark, UnicodeCategory.SpacingCombiningMark, UnicodeCategory.EnclosingMark],
            "mn" or "nonspacingmark" => [UnicodeCategory.NonSpacingMark],
            "mc" or "spacingmark" => [UnicodeCategory.SpacingCombiningMark],
            "me" or "enclosingmark" => [UnicodeCategory.EnclosingMark],
            "n" or "number" => [UnicodeCategory.DecimalDigitNumber, UnicodeCategory.LetterNumber, UnicodeCategory.OtherNumber],
            "nd" or "decimalnumber" or "digit" => [UnicodeCategory.DecimalDigitNumber],
            "nl" or "letternumber" => [UnicodeCategory.LetterNumber],
            "no" or "othernumber" => [UnicodeCategory.OtherNumber],
            "p" or "punctuation" or "punct" => [UnicodeCategory.ConnectorPunctuation, UnicodeCategory.DashPunctuation, UnicodeCategory.OpenPunctuation, UnicodeCategory.ClosePunctuation, UnicodeCategory.InitialQuotePunctuation, UnicodeCategory.FinalQuotePunctuation, UnicodeCategory.OtherPunctuation],
            "pc" or "connectorpunctuation" => [UnicodeCategory.ConnectorPunctuation],
            "pd" or "dashpunctuation" => [UnicodeCategory.DashPunctuation],
            "ps" or "openpunctuation" => [UnicodeCategory.OpenPunctuation],
            "pe" or "closepunctuation" => [UnicodeCategory.ClosePunctuation],
            "pi" or "initialpunctuation" => [UnicodeCategory.InitialQuotePunctuation],
            "pf" or "finalpunctuation" => [UnicodeCategory.FinalQuotePunctuation],
            "po" or "otherpunctuation" => [UnicodeCategory.OtherPunctuation],
            "s" or "symbol" => [UnicodeCategory.MathSymbol, UnicodeCategory.CurrencySymbol, UnicodeCategory.ModifierSymbol, UnicodeCategory.OtherSymbol],
            "sm" or "mathsymbol" => [UnicodeCategory.MathSymbol],
            "sc" or "currencysymbol" => [UnicodeCategory.CurrencySymbol],
            "sk" or "modifiersymbol" => [UnicodeCategory.ModifierSymbol],
            "so" or "othersymbol" => [UnicodeCategory.OtherSymbol],
            "z" or "separator" => [UnicodeCategory.SpaceSeparator, UnicodeCategory.LineSeparator, UnicodeCategory.ParagraphSeparator],
            "zs" or "spaceseparator" => [UnicodeCategory.SpaceSeparator],
            "zl" or "lineseparator" => [UnicodeCategory.LineSeparator],
            "zp" or "paragraphseparator" => [UnicodeCategory.ParagraphSeparator],
            "c" or "other" => [UnicodeCategory.Control, UnicodeCategory.Format, UnicodeCategory.Surrogate, UnicodeCategory.PrivateUse, UnicodeCategory.OtherNotAssigned],
            "cc" or "control" or "cntrl" => [UnicodeCategory.Control],
            "cf" or "format" => [UnicodeCategory.Format],
            "cs" or "surrogate" => [UnicodeCategory.Surrogate],
            "co" or "privateuse" => [UnicodeCategory.PrivateUse],
            "cn" or "unassigned" => [UnicodeCategory.OtherNotAssigned],
            _ => null,
        };
        if (cats is not null) return Cached("\\p{" + key + "}", () => CodePointSet.OfCategories(cats));
        return key switch
        {
            "any" => new CodePointSet().Complement(),
            "space" or "whitespace" => Cached("\\s", () => CodePointSet.Where(UnicodeClasses.IsWhiteSpace)),
            "word" => Cached("\\w", () => CodePointSet.Where(UnicodeClasses.IsWordChar)),
            _ => throw Error($"unsupported Unicode property \\p{{{name}}}"),
        };
    }

    private static CodePointSet Cached(string key, Func<CodePointSet> build)
    {
        lock (SetCache)
        {
            if (!SetCache.TryGetValue(key, out var set)) SetCache[key] = set = build();
            return set;
        }
    }

    /// <summary>Parses a single-character escape at the cursor (on the backslash) and returns its code point.</summary>
    private int ParseCharEscape()
    {
        _i++; // '\'
        char e = _p[_i++];
        switch (e)
        {
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'f': return '\f';
            case 'v': return '\v';
            case 'a': return '\a';
            case 'e': return 0x1B;
            case '0': return 0;
            case 'x':
                if (!End && Peek == '{')
                {
                    int close = _p.IndexOf('}', _i);
                    if (close < 0) throw Error("unterminated \\x{");
                    int v = int.Parse(_p.AsSpan(_i + 1, close - _i - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    _i = close + 1;
                    return v;
                }
                return Hex(2);
            case 'u':
                return Hex(4);
            default:
                if (char.IsAsciiLetterOrDigit(e)) { _i -= 2; throw Error($"unsupported regex escape '\\{e}'"); }
                if (char.IsHighSurrogate(e) && !End && char.IsLowSurrogate(Peek)) return char.ConvertToUtf32(e, _p[_i++]);
                return e;
        }
    }

    private int Hex(int digits)
    {
        int n = 0;
        while (n < digits && _i + n < _p.Length && char.IsAsciiHexDigit(_p[_i + n])) n++;
        if (n == 0) throw Error("expected hex digits");
        int v = int.Parse(_p.AsSpan(_i, n), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        _i += n;
        return v;
    }

    private CodePointSet ParseClass(Flags flags)
    {
        _i++; // '['
        bool negate = false;
        if (!End && Peek == '^') { negate = true; _i++; }
        var set = ParseClassBody(flags, firstIsLiteralBracket: true);
        if (End || Peek != ']') throw Error("unterminated character class");
        _i++;
        if (flags.IgnoreCase) set = set.CaseClosure();
        return negate ? set.Complement() : set;
    }

    private CodePointSet ParseClassBody(Flags flags, bool firstIsLiteralBracket)
    {
        var set = new CodePointSet();
        bool first = true;
        while (!End && (Peek != ']' || (first && firstIsLiteralBracket)))
        {
            if (Peek == '&' && _i + 1 < _p.Length && _p[_i + 1] == '&')
            {
                _i += 2;
                var right = ParseClassBody(flags, firstIsLiteralBracket: false);
                set.IntersectWith(right);
                return set;
            }
            if (Peek == '[')
            {
                if (_i + 1 < _p.Length && _p[_i + 1] == ':') throw Error("unsupported POSIX bracket expression");
                set.UnionWith(ParseClass(flags));
                first = false;
                continue;
            }
            int lo;
            if (Peek == '\\')
            {
                var shorthand = TryParseSetEscape(flags);
                if (shorthand is not null) { set.UnionWith(shorthand); first = false; continue; }
                lo = ParseCharEscape();
            }
            else _i += UnicodeClasses.CodePointAt(_p, _i, out lo);
            first = false;
            if (_i + 1 < _p.Length && Peek == '-' && _p[_i + 1] != ']')
            {
                _i++;
                int hi;
                if (Peek == '\\')
                {
                    if (_i + 1 < _p.Length && "sSdDwWhHpP".Contains(_p[_i + 1])) throw Error("character range ending in a class escape");
                    hi = ParseCharEscape();
                }
                else _i += UnicodeClasses.CodePointAt(_p, _i, out hi);
                if (hi < lo) throw Error("character range out of order");
                set.AddRange(lo, hi);
            }
            else set.Add(lo);
        }
        return set;
    }

    private static CodePointSet Single(int cp)
    {
        var s = new CodePointSet();
        s.Add(cp);
        return s;
    }

    private string Literal(int cp, Flags flags)
    {
        if (flags.IgnoreCase)
        {
            var s = Single(cp).CaseClosure();
            if (s.Ranges(0, UnicodeClasses.MaxCodePoint) is not [var only] || only.First != only.Last) return Emit(s);
        }
        if (cp <= 0xFFFF) return $"\\u{cp:X4}";
        string pair = char.ConvertFromUtf32(cp);
        return $"(?:\\u{(int)pair[0]:X4}\\u{(int)pair[1]:X4})";
    }

    private string Emit(CodePointSet set) => set.ToDotNetAtom(_withAstral);
}
