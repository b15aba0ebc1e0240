using System.Globalization;

namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// Builds the syntax tree from tokens with Jinja2's grammar and operator precedence (lowest
/// first): inline if-else, or, and, not, comparisons/in, + -, ~, * / // %, **, unary - +,
/// then postfix (attribute, subscript, call), filters and tests. Constructs outside the
/// supported subset fail with their name and position.
/// </summary>
internal sealed class TemplateParser
{
    private static readonly HashSet<string> FileStatements = ["include", "import", "from", "extends", "block"];
    private static readonly HashSet<string> CompareOps = ["==", "!=", "<", "<=", ">", ">="];

    private readonly List<TemplateToken> _tokens;
    private readonly string _name;
    private readonly int _maxDepth;
    private int _i;
    private int _depth;
    private int _loopDepth;

    private TemplateParser(List<TemplateToken> tokens, string name, int maxDepth)
    {
        _tokens = tokens;
        _name = name;
        _maxDepth = maxDepth;
    }

    /// <summary>Parses a whole template.</summary>
    public static IReadOnlyList<Node> Parse(List<TemplateToken> tokens, string name, int maxDepth)
    {
        var parser = new TemplateParser(tokens, name, maxDepth);
        var (body, end) = parser.ParseBody([]);
        if (end is not null) throw parser.Error(parser.Previous.Position, $"unexpected '{{% {end} %}}'");
        return body;
    }

    private TemplateToken Current => _tokens[_i];
    private TemplateToken Previous => _tokens[Math.Max(0, _i - 1)];
    private TemplateToken Peek(int k = 1) => _tokens[Math.Min(_i + k, _tokens.Count - 1)];
    private TemplateToken Next() => _tokens[_i++];

    private TemplateException Error(SourcePosition at, string what) => TemplateException.At(_name, at, what);

    private TemplateToken Expect(TokenKind kind, string? value, string what)
    {
        var t = Current;
        if (t.Kind != kind || (value is not null && t.Value != value))
            throw Error(t.Position, $"expected {what}, found {t.Describe()}");
        return Next();
    }

    private void ExpectOperator(string op) => Expect(TokenKind.Operator, op, $"'{op}'");
    private void ExpectBlockEnd() => Expect(TokenKind.BlockEnd, null, "'%}'");
    private string ExpectName() => Expect(TokenKind.Name, null, "a name").Value;

    private bool SkipOperator(string op)
    {
        if (!Current.IsOperator(op)) return false;
        _i++;
        return true;
    }

    private bool SkipName(string name)
    {
        if (!Current.IsName(name)) return false;
        _i++;
        return true;
    }

    private void Enter(SourcePosition at)
    {
        if (++_depth > _maxDepth) throw Error(at, $"template nesting deeper than {_maxDepth} levels");
    }

    /// <summary>Reads statements until a block tag named in <paramref name="endNames"/>; returns which one (the stream is then just after its name).</summary>
    private (List<Node> Body, string? End) ParseBody(string[] endNames)
    {
        var body = new List<Node>();
        while (true)
        {
            var t = Current;
            switch (t.Kind)
            {
                case TokenKind.End:
                    if (endNames.Length > 0) throw Error(t.Position, $"unexpected end of template; expected '{{% {string.Join(" %}' or '{% ", endNames)} %}}'");
                    return (body, null);
                case TokenKind.Text:
                    body.Add(new TextNode(t.Position, t.Value));
                    _i++;
                    break;
                case TokenKind.VariableBegin:
                    _i++;
                    var value = ParseTuple(withCondExpr: true);
                    Expect(TokenKind.VariableEnd, null, "'}}'");
                    body.Add(new OutputNode(t.Position, value));
                    break;
                case TokenKind.BlockBegin:
                    var keyword = Peek();
                    if (keyword.Kind != TokenKind.Name) throw Error(keyword.Position, $"expected a statement name after '{{%', found {keyword.Describe()}");
                    if (Array.IndexOf(endNames, keyword.Value) >= 0)
                    {
                        _i += 2;
                        return (body, keyword.Value);
                    }
                    _i += 2;
                    Enter(keyword.Position);
                    body.Add(ParseStatement(keyword));
                    _depth--;
                    break;
                default:
                    throw Error(t.Position, $"unexpected {t.Describe()}");
            }
        }
    }

    private Node ParseStatement(TemplateToken keyword)
    {
        var at = keyword.Position;
        switch (keyword.Value)
        {
            case "if": return ParseIf(at);
            case "for": return ParseFor(at);
            case "set": return ParseSet(at);
            case "macro": return ParseMacro(at);
            case "call": return ParseCallBlock(at);
            case "break":
            case "continue":
                if (_loopDepth == 0) throw Error(at, $"'{{% {keyword.Value} %}}' outside a for loop");
                ExpectBlockEnd();
                return new LoopControlNode(at, keyword.Value == "break");
            case "generation":
                ExpectBlockEnd();
                var (body, _) = ParseBody(["endgeneration"]);
                ExpectBlockEnd();
                return new GroupNode(at, body);
            default:
                if (FileStatements.Contains(keyword.Value))
                    throw Error(at, $"unsupported construct '{{% {keyword.Value} %}}': chat templates may not load other templates or files");
                if (keyword.Value.StartsWith("end", StringComparison.Ordinal) || keyword.Value is "elif" or "else")
                    throw Error(at, $"unexpected '{{% {keyword.Value} %}}' with no open block it could close");
                throw Error(at, $"unsupported construct '{{% {keyword.Value} %}}'");
        }
    }

    private IfNode ParseIf(SourcePosition at)
    {
        var branches = new List<(Expr, IReadOnlyList<Node>)>();
        IReadOnlyList<Node>? otherwise = null;
        var condition = ParseTuple(withCondExpr: false);
        ExpectBlockEnd();
        while (true)
        {
            var (body, end) = ParseBody(["elif", "else", "endif"]);
            branches.Add((condition, body));
            if (end == "elif")
            {
                condition = ParseTuple(withCondExpr: false);
                ExpectBlockEnd();
                continue;
            }
            ExpectBlockEnd();
            if (end == "else")
            {
                (otherwise, _) = ParseBody(["endif"]);
                ExpectBlockEnd();
            }
            return new IfNode(at, branches, otherwise);
        }
    }

    private ForNode ParseFor(SourcePosition at)
    {
        var (targets, tuple) = ParseAssignTargets();
        if (!SkipName("in")) throw Error(Current.Position, $"expected 'in' in for loop, found {Current.Describe()}");
        var iterable = ParseTuple(withCondExpr: false, extraEnd: ["recursive"]);
        Expr? filter = null;
        if (SkipName("if")) filter = ParseExpression(withCondExpr: true);
        if (Current.IsName("recursive")) throw Error(Current.Position, "unsupported construct 'recursive' loop");
        ExpectBlockEnd();
        _loopDepth++;
        var (body, end) = ParseBody(["endfor", "else"]);
        _loopDepth--;
        ExpectBlockEnd();
        IReadOnlyList<Node>? otherwise = null;
        if (end == "else")
        {
            (otherwise, _) = ParseBody(["endfor"]);
            ExpectBlockEnd();
        }
        return new ForNode(at, targets, tuple, iterable, filter, body, otherwise);
    }

    /// <summary>A name, or names separated by commas (optionally in parentheses).</summary>
    private (List<string> Names, bool Tuple) ParseAssignTargets()
    {
        bool paren = SkipOperator("(");
        var names = new List<string> { ExpectName() };
        bool tuple = paren;
        while (SkipOperator(","))
        {
            tuple = true;
            if (Current.Kind != TokenKind.Name) break;
            names.Add(ExpectName());
        }
        if (paren) ExpectOperator(")");
        return (names, tuple);
    }

    private Node ParseSet(SourcePosition at)
    {
        if (Current.Kind == TokenKind.Name && Peek().IsOperator("."))
        {
            var ns = ExpectName();
            _i++;
            var attr = ExpectName();
            ExpectOperator("=");
            var nsValue = ParseTuple(withCondExpr: true);
            ExpectBlockEnd();
            return new SetNode(at, [attr], false, ns, nsValue);
        }
        var (targets, tuple) = ParseAssignTargets();
        if (SkipOperator("="))
        {
            var value = ParseTuple(withCondExpr: true);
            ExpectBlockEnd();
            return new SetNode(at, targets, tuple, null, value);
        }
        if (tuple || targets.Count != 1) throw Error(at, "a block set ({% set name %}…{% endset %}) takes a single name");
        var filters = new List<FilterExpr>();
        while (SkipOperator("|")) filters.Add(ParseFilterCall(new ConstExpr(at, StringValue.Empty)));
        ExpectBlockEnd();
        var (body, _) = ParseBody(["endset"]);
        ExpectBlockEnd();
        return new SetBlockNode(at, targets[0], filters, body);
    }

    private MacroNode ParseMacro(SourcePosition at)
    {
        var name = ExpectName();
        var parameters = ParseParameterList();
        ExpectBlockEnd();
        var outerLoops = _loopDepth;
        _loopDepth = 0;
        var (body, _) = ParseBody(["endmacro"]);
        _loopDepth = outerLoops;
        ExpectBlockEnd();
        return new MacroNode(at, name, parameters, body);
    }

    private List<(string, Expr?)> ParseParameterList()
    {
        var parameters = new List<(string, Expr?)>();
        ExpectOperator("(");
        while (!Current.IsOperator(")"))
        {
            if (parameters.Count > 0) ExpectOperator(",");
            if (Current.IsOperator(")")) break;
            var p = ExpectName();
            Expr? dflt = SkipOperator("=") ? ParseExpression(withCondExpr: true) : null;
            parameters.Add((p, dflt));
        }
        ExpectOperator(")");
        return parameters;
    }

    private CallBlockNode ParseCallBlock(SourcePosition at)
    {
        if (Current.IsOperator("(")) throw Error(Current.Position, "unsupported construct 'call' block with caller parameters");
        var call = ParseExpression(withCondExpr: true) as CallExpr ?? throw Error(at, "expected a macro call after '{% call'");
        ExpectBlockEnd();
        var (body, _) = ParseBody(["endcall"]);
        ExpectBlockEnd();
        return new CallBlockNode(at, call, body);
    }

    /// <summary>Comma-separated expressions; more than one (or a trailing comma) makes a tuple.</summary>
    private Expr ParseTuple(bool withCondExpr, string[]? extraEnd = null)
    {
        var at = Current.Position;
        var items = new List<Expr>();
        bool comma = false;
        while (true)
        {
            if (items.Count > 0)
            {
                if (!SkipOperator(",")) break;
                comma = true;
            }
            if (IsTupleEnd(extraEnd)) break;
            items.Add(ParseExpression(withCondExpr));
        }
        if (items.Count == 0) throw Error(at, $"expected an expression, found {Current.Describe()}");
        return items.Count == 1 && !comma ? items[0] : new ListExpr(at, items, IsTuple: true);
    }

    private bool IsTupleEnd(string[]? extraEnd) =>
        Current.Kind is TokenKind.VariableEnd or TokenKind.BlockEnd or TokenKind.End || Current.IsOperator(")")
        || (extraEnd is not null && Current.Kind == TokenKind.Name && Array.IndexOf(extraEnd, Current.Value) >= 0);

    private Expr ParseExpression(bool withCondExpr)
    {
        Enter(Current.Position);
        var e = withCondExpr ? ParseCondExpr() : ParseOr();
        _depth--;
        return e;
    }

    private Expr ParseCondExpr()
    {
        var then = ParseOr();
        while (Current.IsName("if"))
        {
            var at = Next().Position;
            var test = ParseOr();
            Expr? otherwise = SkipName("else") ? ParseCondExpr() : null;
            then = new CondExpr(at, test, then, otherwise);
        }
        return then;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or")) { var at = Next().Position; left = new BinaryExpr(at, "or", left, ParseAnd()); }
        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and")) { var at = Next().Position; left = new BinaryExpr(at, "and", left, ParseNot()); }
        return left;
    }

    private Expr ParseNot()
    {
        if (!Current.IsName("not")) return ParseCompare();
        var at = Next().Position;
        Enter(at);
        var operand = ParseNot();
        _depth--;
        return new UnaryExpr(at, "not", operand);
    }

    private Expr ParseCompare()
    {
        var at = Current.Position;
        var first = ParseMath1();
        var rest = new List<(string, Expr)>();
        while (true)
        {
            if (Current.Kind == TokenKind.Operator && CompareOps.Contains(Current.Value)) rest.Add((Next().Value, ParseMath1()));
            else if (SkipName("in")) rest.Add(("in", ParseMath1()));
            else if (Current.IsName("not") && Peek().IsName("in")) { _i += 2; rest.Add(("notin", ParseMath1())); }
            else break;
        }
        return rest.Count == 0 ? first : new CompareExpr(at, first, rest);
    }

    private Expr ParseMath1()
    {
        var left = ParseConcat();
        while (Current.IsOperator("+") || Current.IsOperator("-"))
        {
            var op = Next();
            left = new BinaryExpr(op.Position, op.Value, left, ParseConcat());
        }
        return left;
    }

    private Expr ParseConcat()
    {
        var left = ParseMath2();
        while (Current.IsOperator("~")) { var at = Next().Position; left = new BinaryExpr(at, "~", left, ParseMath2()); }
        return left;
    }

    private Expr ParseMath2()
    {
        var left = ParsePow();
        while (Current.Kind == TokenKind.Operator && Current.Value is "*" or "/" or "//" or "%")
        {
            var op = Next();
            left = new BinaryExpr(op.Position, op.Value, left, ParsePow());
        }
        return left;
    }

    private Expr ParsePow()
    {
        var left = ParseUnary(withFilter: true);
        while (Current.IsOperator("**")) { var at = Next().Position; left = new BinaryExpr(at, "**", left, ParseUnary(withFilter: true)); }
        return left;
    }

    private Expr ParseUnary(bool withFilter)
    {
        var t = Current;
        Expr node;
        if (t.IsOperator("-") || t.IsOperator("+"))
        {
            _i++;
            Enter(t.Position);
            node = new UnaryExpr(t.Position, t.Value, ParseUnary(withFilter: false));
            _depth--;
        }
        else node = ParsePrimary();
        node = ParsePostfix(node);
        return withFilter ? ParseFilterAndTests(node) : node;
    }

    private Expr ParsePrimary()
    {
        var t = Next();
        switch (t.Kind)
        {
            case TokenKind.Name:
                return t.Value switch
                {
                    "true" or "True" => new ConstExpr(t.Position, BoolValue.True),
                    "false" or "False" => new ConstExpr(t.Position, BoolValue.False),
                    "none" or "None" => new ConstExpr(t.Position, NoneValue.Instance),
                    _ => new NameExpr(t.Position, t.Value),
                };
            case TokenKind.String:
                var s = t.Value;
                while (Current.Kind == TokenKind.String) s += Next().Value;
                return new ConstExpr(t.Position, new StringValue(s));
            case TokenKind.Integer:
                if (!long.TryParse(t.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
                    throw Error(t.Position, $"integer literal {t.Value} is too large");
                return new ConstExpr(t.Position, new IntValue(l));
            case TokenKind.Float:
                return new ConstExpr(t.Position, new FloatValue(double.Parse(t.Value, NumberStyles.Float, CultureInfo.InvariantCulture)));
            case TokenKind.Operator when t.Value == "(":
                Enter(t.Position);
                var inner = Current.IsOperator(")") ? new ListExpr(t.Position, [], IsTuple: true) : ParseTuple(withCondExpr: true);
                ExpectOperator(")");
                _depth--;
                return inner;
            case TokenKind.Operator when t.Value == "[":
                Enter(t.Position);
                var items = new List<Expr>();
                while (!Current.IsOperator("]"))
                {
                    if (items.Count > 0) ExpectOperator(",");
                    if (Current.IsOperator("]")) break;
                    items.Add(ParseExpression(withCondExpr: true));
                }
                ExpectOperator("]");
                _depth--;
                return new ListExpr(t.Position, items, IsTuple: false);
            case TokenKind.Operator when t.Value == "{":
                Enter(t.Position);
                var pairs = new List<(Expr, Expr)>();
                while (!Current.IsOperator("}"))
                {
                    if (pairs.Count > 0) ExpectOperator(",");
                    if (Current.IsOperator("}")) break;
                    var key = ParseExpression(withCondExpr: true);
                    ExpectOperator(":");
                    pairs.Add((key, ParseExpression(withCondExpr: true)));
                }
                ExpectOperator("}");
                _depth--;
                return new DictExpr(t.Position, pairs);
            default:
                throw Error(t.Position, $"expected an expression, found {t.Describe()}");
        }
    }

    private Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            var t = Current;
            if (t.IsOperator("."))
            {
                _i++;
                var name = Next();
                node = name.Kind switch
                {
                    TokenKind.Name => new AttrExpr(name.Position, node, name.Value),
                    TokenKind.Integer => new ItemExpr(name.Position, node, new ConstExpr(name.Position, new IntValue(long.Parse(name.Value, CultureInfo.InvariantCulture)))),
                    _ => throw Error(name.Position, $"expected an attribute name after '.', found {name.Describe()}"),
                };
            }
            else if (t.IsOperator("[")) node = ParseSubscript(node);
            else if (t.IsOperator("(")) node = ParseCall(node);
            else return node;
        }
    }

    private Expr ParseSubscript(Expr target)
    {
        var at = Next().Position;
        Enter(at);
        Expr? start = null, stop = null, step = null;
        bool slice = false;
        if (!Current.IsOperator(":")) start = ParseExpression(withCondExpr: true);
        if (SkipOperator(":"))
        {
            slice = true;
            if (!Current.IsOperator("]") && !Current.IsOperator(":")) stop = ParseExpression(withCondExpr: true);
            if (SkipOperator(":") && !Current.IsOperator("]")) step = ParseExpression(withCondExpr: true);
        }
        else if (Current.IsOperator(",")) throw Error(Current.Position, "unsupported construct: tuple subscript");
        ExpectOperator("]");
        _depth--;
        return slice ? new SliceExpr(at, target, start, stop, step) : new ItemExpr(at, target, start!);
    }

    private CallExpr ParseCall(Expr callee)
    {
        var (args, kwargs) = ParseCallArguments();
        return new CallExpr(callee.Position, callee, args, kwargs);
    }

    private (List<Expr> Args, List<(string, Expr)> Kwargs) ParseCallArguments()
    {
        ExpectOperator("(");
        Enter(Previous.Position);
        var args = new List<Expr>();
        var kwargs = new List<(string, Expr)>();
        while (!Current.IsOperator(")"))
        {
            if (args.Count + kwargs.Count > 0) ExpectOperator(",");
            if (Current.IsOperator(")")) break;
            if (Current.IsOperator("*") || Current.IsOperator("**")) throw Error(Current.Position, "unsupported construct: *args/**kwargs in a call");
            if (Current.Kind == TokenKind.Name && Peek().IsOperator("="))
            {
                var name = Next().Value;
                _i++;
                kwargs.Add((name, ParseExpression(withCondExpr: true)));
            }
            else
            {
                if (kwargs.Count > 0) throw Error(Current.Position, "positional argument after keyword argument");
                args.Add(ParseExpression(withCondExpr: true));
            }
        }
        ExpectOperator(")");
        _depth--;
        return (args, kwargs);
    }

    private Expr ParseFilterAndTests(Expr node)
    {
        while (true)
        {
            if (SkipOperator("|")) node = ParseFilterCall(node);
            else if (Current.IsName("is")) node = ParseTest(node);
            else if (Current.IsOperator("(")) node = ParseCall(node);
            else return node;
        }
    }

    private FilterExpr ParseFilterCall(Expr target)
    {
        var t = Expect(TokenKind.Name, null, "a filter name");
        var name = t.Value;
        while (Current.IsOperator(".")) { _i++; name += "." + ExpectName(); }
        if (!TemplateFilters.Names.Contains(name)) throw Error(t.Position, $"unsupported filter '{name}'");
        if (!Current.IsOperator("(")) return new FilterExpr(t.Position, target, name, [], []);
        var (args, kwargs) = ParseCallArguments();
        return new FilterExpr(t.Position, target, name, args, kwargs);
    }

    private Expr ParseTest(Expr target)
    {
        var at = Next().Position;
        bool negated = SkipName("not");
        var nameToken = Current;
        var name = ExpectName();
        if (!TemplatePredicates.Names.Contains(name)) throw Error(nameToken.Position, $"unsupported test '{name}'");
        var args = new List<Expr>();
        if (Current.IsOperator("("))
        {
            var (a, kw) = ParseCallArguments();
            if (kw.Count > 0) throw Error(at, $"unsupported construct: keyword arguments to test '{name}'");
            args = a;
        }
        else if ((Current.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float
                  || Current.IsOperator("(") || Current.IsOperator("[") || Current.IsOperator("{"))
                 && !Current.IsName("else") && !Current.IsName("or") && !Current.IsName("and"))
        {
            if (Current.IsName("is")) throw Error(Current.Position, "tests cannot be chained with 'is'");
            args.Add(ParsePostfix(ParsePrimary()));
        }
        return new TestExpr(at, target, name, args, negated);
    }
}
