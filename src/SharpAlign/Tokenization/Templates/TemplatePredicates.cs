namespace SharpAlign.Tokenization.Templates;

/// <summary>Jinja2's tests (<c>x is defined</c>, <c>x is string</c>, <c>n is divisibleby 3</c>, …) that chat templates use.</summary>
internal static class TemplatePredicates
{
    /// <summary>Every test name this engine implements.</summary>
    public static readonly HashSet<string> Names =
    [
        "defined", "undefined", "none", "string", "number", "integer", "float", "mapping", "iterable", "sequence",
        "boolean", "true", "false", "odd", "even", "divisibleby", "eq", "equalto", "==", "ne", "!=", "lt", "<", "le", "<=",
        "gt", ">", "ge", ">=", "greaterthan", "lessthan", "in", "lower", "upper", "callable", "sameas",
    ];

    /// <summary>Evaluates test node <paramref name="t"/>.</summary>
    public static bool Apply(TemplateEvaluator ev, TestExpr t, TemplateValue value, IReadOnlyList<TemplateValue> args) =>
        Apply(ev, t.Name, value, args, t.Position);

    /// <summary>Evaluates the test named <paramref name="name"/> (also used by select/reject).</summary>
    public static bool Apply(TemplateEvaluator ev, string name, TemplateValue value, IReadOnlyList<TemplateValue> args, SourcePosition at)
    {
        TemplateValue Arg()
        {
            if (args.Count != 1) throw ev.Error(at, $"test '{name}' takes exactly one argument, {args.Count} given");
            return args[0];
        }
        long Integer(TemplateValue v) => v switch
        {
            IntValue i => i.Value,
            BoolValue b => b.Value ? 1 : 0,
            _ => throw ev.Error(at, $"test '{name}' needs an integer, got '{v.TypeName}'"),
        };
        return name switch
        {
            "defined" => value is not UndefinedValue,
            "undefined" => value is UndefinedValue,
            "none" => value is NoneValue,
            "string" => value is StringValue,
            "number" => value is IntValue or FloatValue or BoolValue,
            "integer" => value is IntValue,
            "float" => value is FloatValue,
            "boolean" => value is BoolValue,
            "true" => value is BoolValue { Value: true },
            "false" => value is BoolValue { Value: false },
            "mapping" => value is DictValue,
            "iterable" => value is StringValue or ListValue or DictValue or UndefinedValue,
            "sequence" => value is StringValue or ListValue or DictValue,
            "callable" => value is CallableValue,
            "odd" => Integer(value) % 2 != 0,
            "even" => Integer(value) % 2 == 0,
            "divisibleby" => Integer(Arg()) is var d && d != 0 ? Integer(value) % d == 0 : throw ev.Error(at, "divisibleby 0"),
            "eq" or "equalto" or "==" => PythonEquality.AreEqual(value, Arg()),
            "ne" or "!=" => !PythonEquality.AreEqual(value, Arg()),
            "lt" or "<" or "lessthan" => TemplateOperators.Compare(ev, "<", value, Arg(), at),
            "le" or "<=" => TemplateOperators.Compare(ev, "<=", value, Arg(), at),
            "gt" or ">" or "greaterthan" => TemplateOperators.Compare(ev, ">", value, Arg(), at),
            "ge" or ">=" => TemplateOperators.Compare(ev, ">=", value, Arg(), at),
            "in" => TemplateOperators.Contains(ev, Arg(), value, at),
            "lower" => value.ToPythonString() is var s && s == s.ToLowerInvariant() && s.Any(char.IsLetter),
            "upper" => value.ToPythonString() is var u && u == u.ToUpperInvariant() && u.Any(char.IsLetter),
            "sameas" => ReferenceEquals(value, Arg()) || (value is NoneValue && Arg() is NoneValue) || (value is BoolValue && ReferenceEquals(value, Arg())),
            _ => throw ev.Error(at, $"unsupported test '{name}'"),
        };
    }
}
