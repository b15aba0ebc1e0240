using System.Globalization;
using System.Text;

namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// Jinja2's built-in filters that chat templates use, with Jinja's argument names and defaults,
/// plus transformers' <c>tojson</c>. An unknown filter name is rejected when the template is parsed.
/// </summary>
internal static class TemplateFilters
{
    /// <summary>Every filter name this engine implements.</summary>
    public static readonly HashSet<string> Names =
    [
        "abs", "capitalize", "count", "d", "default", "dictsort", "first", "float", "indent", "int", "items", "join",
        "last", "length", "list", "lower", "map", "max", "min", "reject", "rejectattr", "replace", "reverse", "round",
        "safe", "select", "selectattr", "sort", "string", "sum", "title", "tojson", "trim", "unique", "upper",
    ];

    /// <summary>Applies filter <paramref name="f"/> to <paramref name="value"/>.</summary>
    public static TemplateValue Apply(TemplateEvaluator ev, FilterExpr f, TemplateValue value, TemplateScope scope)
    {
        var args = new CallArguments(
            f.Args.Select(a => ev.Eval(a, scope)).ToList(),
            f.Kwargs.Select(k => new KeyValuePair<string, TemplateValue>(k.Name, ev.Eval(k.Value, scope))).ToList(),
            what => ev.Error(f.Position, $"filter '{f.Name}': {what}"), f.Position);
        return Apply(ev, f.Name, value, args, f.Position);
    }

    /// <summary>Applies the filter named <paramref name="name"/> (also used by <c>map</c>).</summary>
    public static TemplateValue Apply(TemplateEvaluator ev, string name, TemplateValue value, CallArguments a, SourcePosition at)
    {
        string Str(TemplateValue v) => v.ToPythonString();
        switch (name)
        {
            case "default" or "d":
            {
                a.Check(name, 2, "default_value", "boolean");
                var fallback = a.Get(0, "default_value") ?? StringValue.Empty;
                bool boolean = a.Get(1, "boolean")?.IsTruthy ?? false;
                return value is UndefinedValue || (boolean && !value.IsTruthy) ? fallback : value;
            }
            case "trim":
                a.Check(name, 1, "chars");
                return new StringValue(PythonText.Strip(Str(value), a.GetString(0, "chars"), true, true));
            case "upper": a.Check(name, 0); return new StringValue(Str(value).ToUpperInvariant());
            case "lower": a.Check(name, 0); return new StringValue(Str(value).ToLowerInvariant());
            case "capitalize": a.Check(name, 0); return new StringValue(PythonText.Capitalize(Str(value)));
            case "title": a.Check(name, 0); return new StringValue(JinjaTitle(Str(value)));
            case "string": a.Check(name, 0); return value is StringValue ? value : new StringValue(Str(value));
            case "safe": a.Check(name, 0); return value;
            case "length" or "count":
                a.Check(name, 0);
                return new IntValue(Length(ev, value, at));
            case "replace":
            {
                a.Check(name, 3, "old", "new", "count");
                var old = Str(a.Get(0, "old") ?? throw a.Error("missing argument 'old'"));
                var replacement = Str(a.Get(1, "new") ?? throw a.Error("missing argument 'new'"));
                return new StringValue(TemplateMethods.Replace(Str(value), old, replacement, a.GetInt(2, "count", -1)));
            }
            case "join":
            {
                a.Check(name, 2, "d", "attribute");
                var sep = Str(a.Get(0, "d") ?? StringValue.Empty);
                var attribute = a.Get(1, "attribute");
                var items = ev.Iterate(value, at);
                if (attribute is not null and not NoneValue) items = items.Select(i => Attribute(ev, i, attribute, at)).ToList();
                return new StringValue(string.Join(sep, items.Select(Str)));
            }
            case "first":
                a.Check(name, 0);
                return ev.Iterate(value, at) is { Count: > 0 } firstItems ? firstItems[0] : new UndefinedValue("No first item, sequence was empty.");
            case "last":
                a.Check(name, 0);
                return ev.Iterate(value, at) is { Count: > 0 } lastItems ? lastItems[^1] : new UndefinedValue("No last item, sequence was empty.");
            case "list": a.Check(name, 0); return new ListValue(ev.Iterate(value, at));
            case "reverse":
                a.Check(name, 0);
                if (value is StringValue rs) return new StringValue(string.Concat(Enumerable.Reverse(PythonText.CodePoints(rs.Value))));
                return new ListValue(Enumerable.Reverse(ev.Iterate(value, at)).ToList());
            case "int":
            {
                a.Check(name, 2, "default", "base");
                var fallback = a.Get(0, "default") ?? new IntValue(0);
                var numberBase = a.GetInt(1, "base", 10);
                return ToIntFilter(value, numberBase) is { } n ? new IntValue(n) : fallback;
            }
            case "float":
            {
                a.Check(name, 1, "default");
                var fallback = a.Get(0, "default") ?? new FloatValue(0);
                return ToFloatFilter(value) is { } d ? new FloatValue(d) : fallback;
            }
            case "abs":
                a.Check(name, 0);
                return value switch
                {
                    IntValue i => new IntValue(Math.Abs(i.Value)),
                    FloatValue f => new FloatValue(Math.Abs(f.Value)),
                    BoolValue b => new IntValue(b.Value ? 1 : 0),
                    _ => throw a.Error($"bad operand type for abs(): '{value.TypeName}'"),
                };
            case "round":
            {
                a.Check(name, 2, "precision", "method");
                int precision = a.GetInt(0, "precision", 0);
                var method = a.Get(1, "method") is { } m ? Str(m) : "common";
                if (!PythonEquality.TryNumber(value, out var x)) throw a.Error($"cannot round a '{value.TypeName}'");
                if (precision is < 0 or > 15) throw a.Error("round precision must be between 0 and 15");
                double scale = Math.Pow(10, precision);
                return method switch
                {
                    // Jinja's "common" is Python's round(): an int stays an int, a float rounds half to even.
                    "common" => value is FloatValue ? new FloatValue(PythonRound(x, precision)) : new IntValue((long)x),
                    "ceil" => new FloatValue(Math.Ceiling(x * scale) / scale),
                    "floor" => new FloatValue(Math.Floor(x * scale) / scale),
                    _ => throw a.Error("method must be common, ceil or floor"),
                };
            }
            case "tojson": return ToJson(ev, value, a);
            case "items":
                a.Check(name, 0);
                return value switch
                {
                    UndefinedValue => new ListValue([]),
                    DictValue d => d.ItemTuples(),
                    _ => throw a.Error($"can only get items from a mapping, not '{value.TypeName}'"),
                };
            case "dictsort": return DictSort(value, a);
            case "indent": return Indent(Str(value), a);
            case "select" or "reject":
            {
                bool keep = name == "select";
                return new ListValue(ev.Iterate(value, at).Where(item => RunTest(ev, item, a.Positional, 0, at) == keep).ToList());
            }
            case "selectattr" or "rejectattr":
            {
                bool keep = name == "selectattr";
                if (a.Positional.Count == 0) throw a.Error("missing attribute name");
                var attribute = a.Positional[0];
                return new ListValue(ev.Iterate(value, at).Where(item => RunTest(ev, Attribute(ev, item, attribute, at), a.Positional, 1, at) == keep).ToList());
            }
            case "map": return Map(ev, value, a, at);
            case "unique":
            {
                a.Check(name, 0, "case_sensitive", "attribute");
                bool caseSensitive = a.Get(-1, "case_sensitive")?.IsTruthy ?? false;
                var attribute = a.Get(-1, "attribute");
                var seen = new HashSet<TemplateValue>(PythonEquality.Comparer);
                var result = new List<TemplateValue>();
                foreach (var item in ev.Iterate(value, at))
                {
                    var key = SortKey(attribute is null ? item : Attribute(ev, item, attribute, at), caseSensitive);
                    if (seen.Add(key)) result.Add(item);
                }
                return new ListValue(result);
            }
            case "sort":
            {
                a.Check(name, 3, "reverse", "case_sensitive", "attribute");
                bool reverse = a.Get(0, "reverse")?.IsTruthy ?? false;
                bool caseSensitive = a.Get(1, "case_sensitive")?.IsTruthy ?? false;
                var attribute = a.Get(2, "attribute");
                var items = ev.Iterate(value, at);
                return new ListValue(SortStable(ev, items, i => SortKey(attribute is null ? i : Attribute(ev, i, attribute, at), caseSensitive), reverse, at));
            }
            case "max" or "min":
            {
                a.Check(name, 0, "case_sensitive", "attribute");
                bool caseSensitive = a.Get(-1, "case_sensitive")?.IsTruthy ?? false;
                var attribute = a.Get(-1, "attribute");
                var items = ev.Iterate(value, at);
                if (items.Count == 0) return new UndefinedValue($"No aggregated item, sequence was empty.");
                var sorted = SortStable(ev, items, i => SortKey(attribute is null ? i : Attribute(ev, i, attribute, at), caseSensitive), false, at);
                return name == "min" ? sorted[0] : sorted[^1];
            }
            case "sum":
            {
                a.Check(name, 2, "attribute", "start");
                var attribute = a.Get(0, "attribute");
                TemplateValue total = a.Get(1, "start") ?? new IntValue(0);
                foreach (var item in ev.Iterate(value, at))
                    total = TemplateOperators.Binary(ev, "+", total, attribute is null or NoneValue ? item : Attribute(ev, item, attribute, at), at);
                return total;
            }
            default:
                throw ev.Error(at, $"unsupported filter '{name}'");
        }
    }

    /// <summary>
    /// Python's round(x, n): correctly rounded from the exact binary value, ties (only possible when the
    /// value is exactly halfway in decimal) to even.
    /// </summary>
    private static double PythonRound(double x, int n)
    {
        if (!double.IsFinite(x)) return x;
        var exact = x.ToString("F" + (n + 40), CultureInfo.InvariantCulture);
        int dot = exact.IndexOf('.');
        var tail = exact[(dot + 1 + n)..];
        bool tie = tail[0] == '5' && tail.AsSpan(1).IndexOfAnyExcept('0') < 0;
        if (!tie) return double.Parse(x.ToString("F" + n, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var truncated = decimal.Parse(exact[..(dot + 1 + n)].TrimEnd('.'), CultureInfo.InvariantCulture);
        char last = n == 0 ? exact[dot - 1] : exact[dot + n];
        if ((last - '0') % 2 == 1) truncated += (x < 0 ? -1m : 1m) / (decimal)Math.Pow(10, n);
        return (double)truncated;
    }

    /// <summary>Python len(): strings in code points; undefined has length 0.</summary>
    public static int Length(TemplateEvaluator ev, TemplateValue value, SourcePosition at) => value switch
    {
        StringValue s => PythonText.Length(s.Value),
        ListValue l => l.Items.Count,
        DictValue d => d.Count,
        UndefinedValue => 0,
        _ => throw ev.Error(at, $"object of type '{value.TypeName}' has no len()"),
    };

    /// <summary>Jinja's title filter: words begin after spaces, '-', '(', '{', '[', '&lt;'.</summary>
    private static string JinjaTitle(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool wordStart = true;
        foreach (var c in s)
        {
            bool separator = PythonText.IsSpace(c) || c is '-' or '(' or '{' or '[' or '<';
            sb.Append(separator ? c : wordStart ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            wordStart = separator;
        }
        return sb.ToString();
    }

    /// <summary>Dotted attribute lookup as selectattr/map/join use it ("a.b" or an integer index).</summary>
    private static TemplateValue Attribute(TemplateEvaluator ev, TemplateValue item, TemplateValue attribute, SourcePosition at)
    {
        if (attribute is IntValue) return ev.GetItem(item, attribute, at);
        foreach (var part in attribute.ToPythonString().Split('.'))
            item = int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? ev.GetItem(item, new IntValue(index), at)
                : ev.GetItem(item, new StringValue(part), at);
        return item;
    }

    /// <summary>select/reject: the test named by args[offset] (truthiness when absent) with the remaining args.</summary>
    private static bool RunTest(TemplateEvaluator ev, TemplateValue item, IReadOnlyList<TemplateValue> args, int offset, SourcePosition at)
    {
        if (args.Count <= offset) return item.IsTruthy;
        var testName = args[offset].ToPythonString();
        return TemplatePredicates.Apply(ev, testName, item, args.Skip(offset + 1).ToList(), at);
    }

    private static TemplateValue Map(TemplateEvaluator ev, TemplateValue value, CallArguments a, SourcePosition at)
    {
        var items = ev.Iterate(value, at);
        var attribute = a.Get(-1, "attribute");
        if (attribute is not null)
        {
            var dflt = a.Get(-1, "default");
            return new ListValue(items.Select(i =>
            {
                var v = Attribute(ev, i, attribute, at);
                return v is UndefinedValue && dflt is not null ? dflt : v;
            }).ToList());
        }
        if (a.Positional.Count == 0) throw a.Error("map needs a filter name or attribute=");
        var filter = a.Positional[0].ToPythonString();
        if (!Names.Contains(filter)) throw a.Error($"unsupported filter '{filter}'");
        var rest = new CallArguments(a.Positional.Skip(1).ToList(), a.Keywords, a.Error, a.Position);
        return new ListValue(items.Select(i => Apply(ev, filter, i, rest, at)).ToList());
    }

    private static TemplateValue SortKey(TemplateValue v, bool caseSensitive) =>
        !caseSensitive && v is StringValue s ? new StringValue(s.Value.ToLowerInvariant()) : v;

    private static List<TemplateValue> SortStable(TemplateEvaluator ev, List<TemplateValue> items, Func<TemplateValue, TemplateValue> key, bool reverse, SourcePosition at)
    {
        var keyed = items.Select((item, index) => (Item: item, Key: key(item), Index: index)).ToList();
        int Cmp((TemplateValue Item, TemplateValue Key, int Index) x, (TemplateValue Item, TemplateValue Key, int Index) y)
        {
            var c = PythonEquality.Compare(x.Key, y.Key) ?? throw ev.Error(at, $"'<' not supported between instances of '{x.Key.TypeName}' and '{y.Key.TypeName}'");
            if (reverse) c = -c;
            return c != 0 ? c : x.Index.CompareTo(y.Index);
        }
        keyed.Sort(Cmp);
        return keyed.Select(k => k.Item).ToList();
    }

    private static TemplateValue DictSort(TemplateValue value, CallArguments a)
    {
        a.Check("dictsort", 3, "case_sensitive", "by", "reverse");
        if (value is not DictValue d) throw a.Error($"dictsort expects a mapping, not '{value.TypeName}'");
        bool caseSensitive = a.Get(0, "case_sensitive")?.IsTruthy ?? false;
        var by = a.Get(1, "by")?.ToPythonString() ?? "key";
        bool reverse = a.Get(2, "reverse")?.IsTruthy ?? false;
        if (by is not ("key" or "value")) throw a.Error("You can only sort by either 'key' or 'value'");
        var pairs = d.Entries.Select((e, i) => (e, i)).ToList();
        pairs.Sort((x, y) =>
        {
            var kx = SortKey(by == "key" ? x.e.Key : x.e.Value, caseSensitive);
            var ky = SortKey(by == "key" ? y.e.Key : y.e.Value, caseSensitive);
            var c = PythonEquality.Compare(kx, ky) ?? throw a.Error($"cannot compare '{kx.TypeName}' and '{ky.TypeName}'");
            if (reverse) c = -c;
            return c != 0 ? c : x.i.CompareTo(y.i);
        });
        return new ListValue(pairs.Select(p => (TemplateValue)new ListValue([p.e.Key, p.e.Value], isTuple: true)).ToList());
    }

    /// <summary>Jinja's indent: indents every line but the first (unless first=True), blank lines only when blank=True.</summary>
    private static TemplateValue Indent(string s, CallArguments a)
    {
        a.Check("indent", 3, "width", "first", "blank");
        var width = a.Get(0, "width");
        string indentation = width is StringValue ws ? ws.Value : new string(' ', Math.Max(0, a.GetInt(0, "width", 4)));
        bool first = a.Get(1, "first")?.IsTruthy ?? false;
        bool blank = a.Get(2, "blank")?.IsTruthy ?? false;
        var lines = PythonText.SplitLines(s + "\n");
        string rv;
        if (blank) rv = string.Join("\n" + indentation, lines);
        else
        {
            rv = lines[0];
            if (lines.Count > 1) rv += "\n" + string.Join("\n", lines.Skip(1).Select(l => l.Length > 0 ? indentation + l : l));
        }
        return new StringValue(first ? indentation + rv : rv);
    }

    private static TemplateValue ToJson(TemplateEvaluator ev, TemplateValue value, CallArguments a)
    {
        a.Check("tojson", 1, "indent", "separators", "sort_keys", "ensure_ascii");
        var indentArg = a.Get(0, "indent");
        string? indent = indentArg switch
        {
            null or NoneValue => null,
            StringValue s => s.Value,
            IntValue i => new string(' ', (int)Math.Clamp(i.Value, 0, 64)),
            _ => throw a.Error($"indent must be an integer or string, not '{indentArg.TypeName}'"),
        };
        string itemSep = indent is null ? ", " : ",", keySep = ": ";
        if (a.Get(-1, "separators") is ListValue { Items.Count: 2 } seps)
        {
            itemSep = seps.Items[0].ToPythonString();
            keySep = seps.Items[1].ToPythonString();
        }
        var options = new TemplateJson.Options(indent, itemSep, keySep,
            a.Get(-1, "sort_keys")?.IsTruthy ?? false, a.Get(-1, "ensure_ascii")?.IsTruthy ?? false);
        return new StringValue(TemplateJson.Serialize(value, options, a.Error, ev.Limits.MaxRecursionDepth));
    }

    /// <summary>Jinja's int filter: int(value, base) for strings (falling back to float parsing), truncation for floats.</summary>
    private static long? ToIntFilter(TemplateValue v, int numberBase)
    {
        switch (v)
        {
            case IntValue i: return i.Value;
            case BoolValue b: return b.Value ? 1 : 0;
            case FloatValue f when double.IsFinite(f.Value): return (long)Math.Truncate(f.Value);
            case StringValue s:
                var text = s.Value.Trim().Replace("_", "");
                if (numberBase == 10 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
                if (numberBase != 10)
                {
                    try { return Convert.ToInt64(text.ToLowerInvariant().Replace("0x", "").Replace("0o", "").Replace("0b", ""), numberBase); }
                    catch (Exception e) when (e is FormatException or ArgumentException or OverflowException) { return null; }
                }
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? (long)Math.Truncate(d) : null;
            default: return null;
        }
    }

    private static double? ToFloatFilter(TemplateValue v) => v switch
    {
        IntValue i => i.Value,
        FloatValue f => f.Value,
        BoolValue b => b.Value ? 1 : 0,
        StringValue s when double.TryParse(s.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
