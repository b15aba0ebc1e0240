namespace SharpAlign.Tokenization.Templates;

/// <summary>Python's arithmetic, concatenation and comparison operators on template values.</summary>
internal static class TemplateOperators
{
    /// <summary>Evaluates <c>left op right</c> for + - * / // % ** ~.</summary>
    public static TemplateValue Binary(TemplateEvaluator ev, string op, TemplateValue left, TemplateValue right, SourcePosition at)
    {
        if (op == "~")
        {
            string l = left.ToPythonString(), r = right.ToPythonString();
            CheckLength(ev, (long)l.Length + r.Length, at);
            return new StringValue(l + r);
        }
        ev.FailIfUndefined(left, at);
        ev.FailIfUndefined(right, at);
        try
        {
            switch (op, left, right)
            {
                case ("+", StringValue a, StringValue b):
                    CheckLength(ev, (long)a.Value.Length + b.Value.Length, at);
                    return new StringValue(a.Value + b.Value);
                case ("+", ListValue a, ListValue b) when a.IsTuple == b.IsTuple:
                    return new ListValue([.. a.Items, .. b.Items], a.IsTuple);
                case ("*", StringValue s, _) when IsInteger(right, out var n):
                    CheckLength(ev, s.Value.Length * Math.Max(0, n), at);
                    return new StringValue(n <= 0 ? "" : string.Concat(Enumerable.Repeat(s.Value, (int)n)));
                case ("*", _, StringValue s) when IsInteger(left, out var n):
                    CheckLength(ev, s.Value.Length * Math.Max(0, n), at);
                    return new StringValue(n <= 0 ? "" : string.Concat(Enumerable.Repeat(s.Value, (int)n)));
                case ("*", ListValue l, _) when IsInteger(right, out var n):
                    CheckLength(ev, l.Items.Count * Math.Max(0, n), at);
                    return new ListValue(n <= 0 ? [] : Enumerable.Repeat(l.Items, (int)n).SelectMany(x => x).ToList(), l.IsTuple);
                case ("%", StringValue, _):
                    throw ev.Error(at, "unsupported construct: printf-style string formatting with '%'");
            }
            if (IsInteger(left, out var x) && IsInteger(right, out var y)) return IntegerOp(ev, op, x, y, at);
            if (PythonEquality.TryNumber(left, out var fx) && PythonEquality.TryNumber(right, out var fy)) return FloatOp(ev, op, fx, fy, at);
        }
        catch (OverflowException)
        {
            throw ev.Error(at, $"integer overflow in '{op}'");
        }
        throw ev.Error(at, $"unsupported operand type(s) for {op}: '{left.TypeName}' and '{right.TypeName}'");
    }

    private static void CheckLength(TemplateEvaluator ev, long length, SourcePosition at)
    {
        if (length > ev.Limits.MaxOutputChars)
            throw ev.Error(at, $"a string or list would exceed the limit of {ev.Limits.MaxOutputChars} elements");
    }

    private static bool IsInteger(TemplateValue v, out long n)
    {
        switch (v)
        {
            case IntValue i: n = i.Value; return true;
            case BoolValue b: n = b.Value ? 1 : 0; return true;
            default: n = 0; return false;
        }
    }

    private static TemplateValue IntegerOp(TemplateEvaluator ev, string op, long x, long y, SourcePosition at) => op switch
    {
        "+" => new IntValue(checked(x + y)),
        "-" => new IntValue(checked(x - y)),
        "*" => new IntValue(checked(x * y)),
        "/" => y == 0 ? throw ev.Error(at, "division by zero") : new FloatValue((double)x / y),
        "//" => y == 0 ? throw ev.Error(at, "integer division or modulo by zero") : new IntValue(FloorDiv(x, y)),
        "%" => y == 0 ? throw ev.Error(at, "integer division or modulo by zero") : new IntValue(x - FloorDiv(x, y) * y),
        "**" => y >= 0 ? new IntValue(IntPow(x, y)) : new FloatValue(Math.Pow(x, y)),
        _ => throw ev.Error(at, $"unknown operator {op}"),
    };

    private static long FloorDiv(long x, long y)
    {
        long q = x / y;
        return (x % y != 0 && (x < 0) != (y < 0)) ? q - 1 : q;
    }

    private static long IntPow(long b, long e)
    {
        long result = 1;
        for (; e > 0; e >>= 1)
        {
            if ((e & 1) == 1) result = checked(result * b);
            if (e > 1) b = checked(b * b);
        }
        return result;
    }

    private static TemplateValue FloatOp(TemplateEvaluator ev, string op, double x, double y, SourcePosition at) => op switch
    {
        "+" => new FloatValue(x + y),
        "-" => new FloatValue(x - y),
        "*" => new FloatValue(x * y),
        "/" => y == 0 ? throw ev.Error(at, "float division by zero") : new FloatValue(x / y),
        "//" => y == 0 ? throw ev.Error(at, "float floor division by zero") : new FloatValue(Math.Floor(x / y)),
        "%" => y == 0 ? throw ev.Error(at, "float modulo by zero") : new FloatValue(x - Math.Floor(x / y) * y),
        "**" => new FloatValue(Math.Pow(x, y)),
        _ => throw ev.Error(at, $"unknown operator {op}"),
    };

    /// <summary>Evaluates one comparison of a chain: == != &lt; &lt;= &gt; &gt;= in notin.</summary>
    public static bool Compare(TemplateEvaluator ev, string op, TemplateValue left, TemplateValue right, SourcePosition at)
    {
        switch (op)
        {
            case "==": return PythonEquality.AreEqual(left, right);
            case "!=": return !PythonEquality.AreEqual(left, right);
            case "in": return Contains(ev, right, left, at);
            case "notin": return !Contains(ev, right, left, at);
        }
        ev.FailIfUndefined(left, at);
        ev.FailIfUndefined(right, at);
        var c = PythonEquality.Compare(left, right)
            ?? throw ev.Error(at, $"'{op}' not supported between instances of '{left.TypeName}' and '{right.TypeName}'");
        return op switch { "<" => c < 0, "<=" => c <= 0, ">" => c > 0, ">=" => c >= 0, _ => throw ev.Error(at, $"unknown comparison {op}") };
    }

    /// <summary>Python <c>item in container</c>.</summary>
    public static bool Contains(TemplateEvaluator ev, TemplateValue container, TemplateValue item, SourcePosition at) => container switch
    {
        StringValue s => item is StringValue sub ? s.Value.Contains(sub.Value, StringComparison.Ordinal)
            : throw ev.Error(at, $"'in <string>' requires string as left operand, not {item.TypeName}"),
        ListValue l => l.Items.Any(x => PythonEquality.AreEqual(x, item)),
        DictValue d => d.TryGet(item, out _),
        NamespaceValue ns => item is StringValue n && ns.Attributes.ContainsKey(n.Value),
        UndefinedValue => false,
        _ => throw ev.Error(at, $"argument of type '{container.TypeName}' is not iterable"),
    };
}
