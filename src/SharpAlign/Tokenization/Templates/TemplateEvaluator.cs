using System.Text;

namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// Walks a parsed template and writes its output, with Jinja2's semantics for scoping, loops,
/// undefined values, attribute/item lookup and operators. One evaluator serves one render; it
/// counts loop iterations, macro depth and output size against <see cref="TemplateLimits"/>.
/// </summary>
internal sealed class TemplateEvaluator
{
    private enum Flow { Normal, Break, Continue }

    private readonly string _name;
    private readonly TemplateLimits _limits;
    private long _iterations;
    private int _callDepth;

    /// <summary>Creates an evaluator for the template named <paramref name="name"/>.</summary>
    public TemplateEvaluator(string name, TemplateLimits limits)
    {
        _name = name;
        _limits = limits;
    }

    /// <summary>The sandbox limits of this render.</summary>
    public TemplateLimits Limits => _limits;

    /// <summary>Makes an error at <paramref name="at"/>.</summary>
    public TemplateException Error(SourcePosition at, string what) => TemplateException.At(_name, at, what);

    /// <summary>The template's name, for errors raised by globals.</summary>
    public string TemplateName => _name;

    /// <summary>Renders <paramref name="body"/> with <paramref name="root"/> as the outermost scope.</summary>
    public string Render(IReadOnlyList<Node> body, TemplateScope root)
    {
        var output = new StringBuilder();
        Execute(body, root, output);
        return output.ToString();
    }

    private void Write(StringBuilder output, string text, SourcePosition at)
    {
        if (output.Length + text.Length > _limits.MaxOutputChars)
            throw Error(at, $"output exceeds the limit of {_limits.MaxOutputChars} characters");
        output.Append(text);
    }

    private Flow Execute(IReadOnlyList<Node> body, TemplateScope scope, StringBuilder output)
    {
        foreach (var node in body)
        {
            switch (node)
            {
                case TextNode t:
                    Write(output, t.Text, t.Position);
                    break;
                case OutputNode o:
                    Write(output, Eval(o.Value, scope).ToPythonString(), o.Position);
                    break;
                case IfNode i:
                    var branch = i.Branches.FirstOrDefault(b => Eval(b.Condition, scope).IsTruthy).Body ?? i.Else;
                    if (branch is not null)
                    {
                        var flow = Execute(branch, scope, output);
                        if (flow != Flow.Normal) return flow;
                    }
                    break;
                case ForNode f:
                    ExecuteFor(f, scope, output);
                    break;
                case SetNode s:
                    ExecuteSet(s, scope);
                    break;
                case SetBlockNode sb:
                    var captured = new StringBuilder();
                    Execute(sb.Body, scope, captured);
                    TemplateValue value = new StringValue(captured.ToString());
                    foreach (var filter in sb.Filters) value = TemplateFilters.Apply(this, filter, value, scope);
                    scope.Set(sb.Target, value);
                    break;
                case MacroNode m:
                    scope.Set(m.Name, MakeMacro(m, scope));
                    break;
                case CallBlockNode c:
                    Write(output, CallWithCaller(c, scope).ToPythonString(), c.Position);
                    break;
                case LoopControlNode l:
                    return l.IsBreak ? Flow.Break : Flow.Continue;
                case GroupNode g:
                    var groupFlow = Execute(g.Body, scope, output);
                    if (groupFlow != Flow.Normal) return groupFlow;
                    break;
                default:
                    throw Error(node.Position, $"unsupported statement {node.GetType().Name}");
            }
        }
        return Flow.Normal;
    }

    private void ExecuteFor(ForNode f, TemplateScope scope, StringBuilder output)
    {
        var items = Iterate(Eval(f.Iterable, scope), f.Iterable.Position);
        if (f.Filter is not null)
        {
            var kept = new List<TemplateValue>();
            foreach (var item in items)
            {
                CountIteration(f.Position);
                var probe = new TemplateScope(scope);
                Bind(f.Targets, f.TupleTarget, item, probe, f.Position);
                if (Eval(f.Filter, probe).IsTruthy) kept.Add(item);
            }
            items = kept;
        }
        if (items.Count == 0)
        {
            if (f.Else is not null) Execute(f.Else, scope, output);
            return;
        }
        for (int i = 0; i < items.Count; i++)
        {
            CountIteration(f.Position);
            var iteration = new TemplateScope(scope);
            var previous = i > 0 ? items[i - 1] : new UndefinedValue("there is no previous item");
            var next = i + 1 < items.Count ? items[i + 1] : new UndefinedValue("there is no next item");
            iteration.Set("loop", new LoopValue(i, items.Count, previous, next));
            Bind(f.Targets, f.TupleTarget, items[i], iteration, f.Position);
            if (Execute(f.Body, iteration, output) == Flow.Break) break;
        }
    }

    private void CountIteration(SourcePosition at)
    {
        if (++_iterations > _limits.MaxLoopIterations)
            throw Error(at, $"loops ran more than {_limits.MaxLoopIterations} iterations in total");
    }

    private void Bind(IReadOnlyList<string> targets, bool tuple, TemplateValue value, TemplateScope scope, SourcePosition at)
    {
        if (!tuple) { scope.Set(targets[0], value); return; }
        var parts = Iterate(value, at);
        if (parts.Count != targets.Count)
            throw Error(at, $"cannot unpack {parts.Count} value(s) into {targets.Count} name(s)");
        for (int i = 0; i < targets.Count; i++) scope.Set(targets[i], parts[i]);
    }

    private void ExecuteSet(SetNode s, TemplateScope scope)
    {
        var value = Eval(s.Value, scope);
        if (s.Namespace is null) { Bind(s.Targets, s.TupleTarget, value, scope, s.Position); return; }
        if (!scope.TryGet(s.Namespace, out var target) || target is not NamespaceValue ns)
            throw Error(s.Position, $"cannot assign attribute on '{s.Namespace}': only a namespace() object can be assigned to");
        if (!ns.Set(s.Targets[0], value)) throw Error(s.Position, $"namespace attribute '{s.Targets[0]}' cannot hold a namespace");
    }

    /// <summary>The items of an iterable value: list items, dict keys, string characters; undefined is empty.</summary>
    public List<TemplateValue> Iterate(TemplateValue value, SourcePosition at) => value switch
    {
        ListValue l => [.. l.Items],
        DictValue d => d.Entries.Select(e => e.Key).ToList(),
        StringValue s => PythonText.CodePoints(s.Value).Select(c => (TemplateValue)new StringValue(c)).ToList(),
        UndefinedValue => [],
        _ => throw Error(at, $"'{value.TypeName}' object is not iterable"),
    };

    private CallableValue MakeMacro(MacroNode m, TemplateScope definedIn) => new(m.Name, args =>
    {
        if (++_callDepth > _limits.MaxRecursionDepth)
            throw Error(m.Position, $"macro calls nested deeper than {_limits.MaxRecursionDepth} levels");
        try
        {
            var frame = new TemplateScope(definedIn);
            if (args.Positional.Count > m.Parameters.Count)
                throw args.Error($"macro '{m.Name}' takes {m.Parameters.Count} argument(s), {args.Positional.Count} given");
            for (int i = 0; i < m.Parameters.Count; i++)
            {
                var (name, dflt) = m.Parameters[i];
                var given = args.Get(i, name);
                frame.Set(name, given ?? (dflt is null ? new UndefinedValue($"'{name}' is undefined") : Eval(dflt, frame)));
            }
            foreach (var kv in args.Keywords)
            {
                if (kv.Key == "caller") frame.Set("caller", kv.Value);
                else if (!m.Parameters.Any(p => p.Name == kv.Key)) throw args.Error($"macro '{m.Name}' takes no keyword argument '{kv.Key}'");
            }
            var output = new StringBuilder();
            Execute(m.Body, frame, output);
            return new StringValue(output.ToString());
        }
        finally { _callDepth--; }
    });

    private TemplateValue CallWithCaller(CallBlockNode c, TemplateScope scope)
    {
        var callee = Eval(c.Call.Callee, scope);
        var caller = new CallableValue("caller", _ =>
        {
            var output = new StringBuilder();
            Execute(c.Body, new TemplateScope(scope), output);
            return new StringValue(output.ToString());
        });
        var args = EvalArguments(c.Call, scope);
        if (callee is not CallableValue fn) throw Error(c.Position, $"'{callee.TypeName}' object is not callable");
        var withCaller = new CallArguments(args.Positional, [.. args.Keywords, new("caller", caller)], args.Error, args.Position);
        return fn.Invoke(withCaller);
    }

    /// <summary>Evaluates an expression; a result nested deeper than the recursion limit is an error.</summary>
    public TemplateValue Eval(Expr e, TemplateScope scope)
    {
        var value = EvalUnchecked(e, scope);
        if (value.Depth > _limits.MaxRecursionDepth)
            throw Error(e.Position, $"a value is nested deeper than {_limits.MaxRecursionDepth} levels");
        return value;
    }

    private TemplateValue EvalUnchecked(Expr e, TemplateScope scope)
    {
        switch (e)
        {
            case ConstExpr c: return c.Value;
            case NameExpr n:
                return scope.TryGet(n.Name, out var v) ? v : new UndefinedValue($"'{n.Name}' is undefined");
            case ListExpr l: return new ListValue(l.Items.Select(i => Eval(i, scope)).ToList(), l.IsTuple);
            case DictExpr d:
                try { return new DictValue(d.Items.Select(p => (Eval(p.Key, scope), Eval(p.Value, scope))).ToList()); }
                catch (InputException ex) when (ex is not TemplateException) { throw Error(d.Position, ex.Message); }
            case AttrExpr a:
                var owner = Eval(a.Target, scope);
                FailIfUndefined(owner, a.Target.Position);
                return GetAttribute(owner, a.Name, a.Position);
            case ItemExpr i:
                var container = Eval(i.Target, scope);
                FailIfUndefined(container, i.Target.Position);
                return GetItem(container, Eval(i.Index, scope), i.Position);
            case SliceExpr s: return Slice(s, scope);
            case CallExpr c: return Call(c, scope);
            case FilterExpr f: return TemplateFilters.Apply(this, f, Eval(f.Target, scope), scope);
            case TestExpr t:
                var result = TemplatePredicates.Apply(this, t, Eval(t.Target, scope), t.Args.Select(x => Eval(x, scope)).ToList());
                return BoolValue.Of(result != t.Negated);
            case UnaryExpr u: return Unary(u, Eval(u.Operand, scope));
            case BinaryExpr b:
                if (b.Op == "and") { var left = Eval(b.Left, scope); return left.IsTruthy ? Eval(b.Right, scope) : left; }
                if (b.Op == "or") { var left = Eval(b.Left, scope); return left.IsTruthy ? left : Eval(b.Right, scope); }
                return TemplateOperators.Binary(this, b.Op, Eval(b.Left, scope), Eval(b.Right, scope), b.Position);
            case CompareExpr c:
                var current = Eval(c.First, scope);
                foreach (var (op, operandExpr) in c.Rest)
                {
                    var operand = Eval(operandExpr, scope);
                    if (!TemplateOperators.Compare(this, op, current, operand, operandExpr.Position)) return BoolValue.False;
                    current = operand;
                }
                return BoolValue.True;
            case CondExpr c:
                if (Eval(c.Test, scope).IsTruthy) return Eval(c.Then, scope);
                return c.Otherwise is null ? new UndefinedValue("the inline if-expression had no else branch") : Eval(c.Otherwise, scope);
            default:
                throw Error(e.Position, $"unsupported expression {e.GetType().Name}");
        }
    }

    private TemplateValue Unary(UnaryExpr u, TemplateValue operand)
    {
        if (u.Op == "not") return BoolValue.Of(!operand.IsTruthy);
        FailIfUndefined(operand, u.Position);
        return (u.Op, operand) switch
        {
            ("-", IntValue i) => new IntValue(checked(-i.Value)),
            ("-", FloatValue f) => new FloatValue(-f.Value),
            ("-", BoolValue b) => new IntValue(b.Value ? -1 : 0),
            ("+", IntValue or FloatValue) => operand,
            ("+", BoolValue b) => new IntValue(b.Value ? 1 : 0),
            _ => throw Error(u.Position, $"bad operand type for unary {u.Op}: '{operand.TypeName}'"),
        };
    }

    /// <summary>Raises Jinja's UndefinedError when an undefined value is used for more than printing or testing.</summary>
    public void FailIfUndefined(TemplateValue value, SourcePosition at)
    {
        if (value is UndefinedValue u) throw Error(at, u.Description);
    }

    /// <summary><c>target.name</c>: methods and attributes first, then (for dicts) the key.</summary>
    public TemplateValue GetAttribute(TemplateValue target, string name, SourcePosition at)
    {
        FailIfUndefined(target, at);
        var method = TemplateMethods.Bind(this, target, name, at);
        if (method is not null) return method;
        return target switch
        {
            DictValue d when d.TryGet(name, out var v) => v,
            NamespaceValue ns when ns.Attributes.TryGetValue(name, out var v) => v,
            LoopValue loop => loop.Attribute(name) ?? MissingAttribute(target, name),
            _ => MissingAttribute(target, name),
        };
    }

    private static UndefinedValue MissingAttribute(TemplateValue target, string name) =>
        new($"'{ObjectName(target)}' has no attribute '{name}'");

    private static string ObjectName(TemplateValue v) => v is NoneValue ? "None" : $"{v.TypeName} object";

    /// <summary><c>target[index]</c>: the item first, then (for a string index) the attribute.</summary>
    public TemplateValue GetItem(TemplateValue target, TemplateValue index, SourcePosition at)
    {
        FailIfUndefined(target, at);
        switch (target)
        {
            case DictValue d:
                if (d.TryGet(index, out var v)) return v;
                break;
            case ListValue l when index is IntValue or BoolValue:
                var i = (long)(index is IntValue iv ? iv.Value : ((BoolValue)index).Value ? 1 : 0);
                if (i < 0) i += l.Items.Count;
                return i >= 0 && i < l.Items.Count ? l.Items[(int)i] : new UndefinedValue($"'{ObjectName(target)}' has no element {index.ToRepr()}");
            case StringValue s when index is IntValue si:
                var chars = PythonText.CodePoints(s.Value);
                var k = si.Value < 0 ? si.Value + chars.Count : si.Value;
                return k >= 0 && k < chars.Count ? new StringValue(chars[(int)k]) : new UndefinedValue($"'{ObjectName(target)}' has no element {si.Value}");
        }
        if (index is StringValue name) return GetAttribute(target, name.Value, at);
        return new UndefinedValue($"'{ObjectName(target)}' has no element {index.ToRepr()}");
    }

    private TemplateValue Slice(SliceExpr s, TemplateScope scope)
    {
        var target = Eval(s.Target, scope);
        FailIfUndefined(target, s.Position);
        long? Bound(Expr? x)
        {
            if (x is null) return null;
            var v = Eval(x, scope);
            return v switch
            {
                NoneValue => null,
                IntValue i => i.Value,
                BoolValue b => b.Value ? 1 : 0,
                _ => throw Error(x.Position, $"slice indices must be integers or None, not '{v.TypeName}'"),
            };
        }
        long? start = Bound(s.Start), stop = Bound(s.Stop), step = Bound(s.Step);
        if (step == 0) throw Error(s.Position, "slice step cannot be zero");
        switch (target)
        {
            case ListValue l:
                return new ListValue(SliceIndices(l.Items.Count, start, stop, step ?? 1).Select(i => l.Items[i]).ToList(), l.IsTuple);
            case StringValue str:
                if (PythonText.IsSimple(str.Value) && (step ?? 1) == 1)
                {
                    var idx = SliceIndices(str.Value.Length, start, stop, 1);
                    return new StringValue(idx.Count == 0 ? "" : str.Value.Substring(idx[0], idx.Count));
                }
                var cps = PythonText.CodePoints(str.Value);
                return new StringValue(string.Concat(SliceIndices(cps.Count, start, stop, step ?? 1).Select(i => cps[i])));
            default:
                throw Error(s.Position, $"'{target.TypeName}' object cannot be sliced");
        }
    }

    /// <summary>Python's slice.indices: the selected positions of a sequence of <paramref name="length"/>.</summary>
    private static List<int> SliceIndices(int length, long? start, long? stop, long step)
    {
        long Clamp(long? v, long dflt, long lo, long hi)
        {
            if (v is null) return dflt;
            long x = v.Value < 0 ? v.Value + length : v.Value;
            return Math.Clamp(x, lo, hi);
        }
        var result = new List<int>();
        if (step > 0)
        {
            long a = Clamp(start, 0, 0, length), b = Clamp(stop, length, 0, length);
            for (long i = a; i < b; i += step) result.Add((int)i);
        }
        else
        {
            long a = Clamp(start, length - 1, -1, length - 1), b = Clamp(stop, -1, -1, length - 1);
            for (long i = a; i > b; i += step) result.Add((int)i);
        }
        return result;
    }

    private TemplateValue Call(CallExpr c, TemplateScope scope)
    {
        var callee = Eval(c.Callee, scope);
        FailIfUndefined(callee, c.Position);
        if (callee is not CallableValue fn) throw Error(c.Position, $"'{callee.TypeName}' object is not callable");
        return fn.Invoke(EvalArguments(c, scope));
    }

    private CallArguments EvalArguments(CallExpr c, TemplateScope scope) => new(
        c.Args.Select(a => Eval(a, scope)).ToList(),
        c.Kwargs.Select(k => new KeyValuePair<string, TemplateValue>(k.Name, Eval(k.Value, scope))).ToList(),
        what => Error(c.Position, what), c.Position);
}
