using System.Text;

namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// The Python methods a template may call on values (<c>content.strip()</c>, <c>message.get('x')</c>,
/// <c>d.items()</c>): the read-only str, dict and list methods. Mutating methods (append, pop,
/// update, …) are refused, as in Jinja's immutable sandbox.
/// </summary>
internal static class TemplateMethods
{
    private static readonly HashSet<string> Mutating =
        ["append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "popitem", "sort", "reverse", "add", "discard"];

    /// <summary>The bound method <paramref name="name"/> of <paramref name="target"/>, or null when it has none.</summary>
    public static CallableValue? Bind(TemplateEvaluator ev, TemplateValue target, string name, SourcePosition at)
    {
        Func<CallArguments, TemplateValue>? method = target switch
        {
            StringValue s => StringMethod(ev, s.Value, name, at),
            DictValue d => DictMethod(d, name),
            ListValue l => ListMethod(l, name),
            _ => null,
        };
        if (method is null && target is DictValue or ListValue && Mutating.Contains(name))
            method = _ => throw ev.Error(at, $"'{target.TypeName}.{name}' modifies a value, which the immutable sandbox does not allow");
        return method is null ? null : new CallableValue($"{target.TypeName}.{name}", method);
    }

    private static Func<CallArguments, TemplateValue>? StringMethod(TemplateEvaluator ev, string s, string name, SourcePosition at)
    {
        TemplateValue Str(string x) => new StringValue(x);
        TemplateValue List(IEnumerable<string> xs) => new ListValue(xs.Select(Str).ToList());
        return name switch
        {
            "strip" => a => { a.Check(name, 1, "chars"); return Str(PythonText.Strip(s, a.GetString(0, "chars"), true, true)); },
            "lstrip" => a => { a.Check(name, 1, "chars"); return Str(PythonText.Strip(s, a.GetString(0, "chars"), true, false)); },
            "rstrip" => a => { a.Check(name, 1, "chars"); return Str(PythonText.Strip(s, a.GetString(0, "chars"), false, true)); },
            "split" => a => List(SplitWith(PythonText.Split, s, name, a)),
            "rsplit" => a => List(SplitWith(PythonText.RSplit, s, name, a)),
            "splitlines" => a => { a.Check(name, 0); return List(PythonText.SplitLines(s)); },
            "startswith" => a => { a.Check(name, 1); return BoolValue.Of(Affixes(a, name).Any(p => s.StartsWith(p, StringComparison.Ordinal))); },
            "endswith" => a => { a.Check(name, 1); return BoolValue.Of(Affixes(a, name).Any(p => s.EndsWith(p, StringComparison.Ordinal))); },
            "upper" => a => { a.Check(name, 0); return Str(s.ToUpperInvariant()); },
            "lower" => a => { a.Check(name, 0); return Str(s.ToLowerInvariant()); },
            "title" => a => { a.Check(name, 0); return Str(PythonText.Title(s)); },
            "capitalize" => a => { a.Check(name, 0); return Str(PythonText.Capitalize(s)); },
            "replace" => a =>
            {
                a.Check(name, 3, "count");
                if (a.Positional.Count < 2) throw a.Error("replace() needs old and new");
                return Str(Replace(s, a.Positional[0].ToPythonString(), a.Positional[1].ToPythonString(), a.GetInt(2, "count", -1)));
            },
            "find" => a => { a.Check(name, 1); return new IntValue(CodePointIndex(s, s.IndexOf(Required(a, 0, name), StringComparison.Ordinal))); },
            "rfind" => a => { a.Check(name, 1); return new IntValue(CodePointIndex(s, s.LastIndexOf(Required(a, 0, name), StringComparison.Ordinal))); },
            "count" => a => { a.Check(name, 1); return new IntValue(Count(s, Required(a, 0, name))); },
            "join" => a => { a.Check(name, 1); return Str(string.Join(s, ev.Iterate(a.Positional.Count > 0 ? a.Positional[0] : throw a.Error("join() needs an iterable"), at).Select(x => x is StringValue sv ? sv.Value : throw a.Error($"sequence item: expected str instance, {x.TypeName} found")))); },
            "format" => a => Str(Format(s, a)),
            "isdigit" => a => { a.Check(name, 0); return BoolValue.Of(s.Length > 0 && s.All(char.IsDigit)); },
            "isalpha" => a => { a.Check(name, 0); return BoolValue.Of(s.Length > 0 && s.All(char.IsLetter)); },
            "isalnum" => a => { a.Check(name, 0); return BoolValue.Of(s.Length > 0 && s.All(char.IsLetterOrDigit)); },
            "isspace" => a => { a.Check(name, 0); return BoolValue.Of(s.Length > 0 && s.All(PythonText.IsSpace)); },
            "islower" => a => { a.Check(name, 0); return BoolValue.Of(s.Any(char.IsLetter) && s == s.ToLowerInvariant()); },
            "isupper" => a => { a.Check(name, 0); return BoolValue.Of(s.Any(char.IsLetter) && s == s.ToUpperInvariant()); },
            _ => null,
        };
    }

    private static List<string> SplitWith(Func<string, string?, int, List<string>> split, string s, string name, CallArguments a)
    {
        a.Check(name, 2, "sep", "maxsplit");
        var sep = a.GetString(0, "sep");
        if (sep == "") throw a.Error("empty separator");
        return split(s, sep, a.GetInt(1, "maxsplit", -1));
    }

    private static string Required(CallArguments a, int index, string name) =>
        index < a.Positional.Count ? a.Positional[index].ToPythonString() : throw a.Error($"{name}() is missing an argument");

    private static IEnumerable<string> Affixes(CallArguments a, string name)
    {
        if (a.Positional.Count == 0) throw a.Error($"{name}() takes at least 1 argument");
        return a.Positional[0] switch
        {
            StringValue p => [p.Value],
            ListValue { IsTuple: true } t => t.Items.Select(i => i is StringValue sv ? sv.Value : throw a.Error($"{name}() tuple items must be str")),
            var other => throw a.Error($"{name}() argument must be str or a tuple of str, not {other.TypeName}"),
        };
    }

    private static int CodePointIndex(string s, int utf16Index) => utf16Index < 0 ? -1 : PythonText.Length(s[..utf16Index]);

    private static int Count(string s, string sub)
    {
        if (sub.Length == 0) return PythonText.Length(s) + 1;
        int n = 0;
        for (int i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    /// <summary>Python str.replace(old, new, count): count &lt; 0 replaces all; an empty old inserts between characters.</summary>
    public static string Replace(string s, string old, string replacement, int count)
    {
        if (count < 0 && old.Length > 0) return s.Replace(old, replacement, StringComparison.Ordinal);
        var sb = new StringBuilder();
        int done = 0;
        if (old.Length == 0)
        {
            var cps = PythonText.CodePoints(s);
            for (int i = 0; i <= cps.Count; i++)
            {
                if (count < 0 || done < count) { sb.Append(replacement); done++; }
                if (i < cps.Count) sb.Append(cps[i]);
            }
            return sb.ToString();
        }
        int from = 0;
        while (done < count)
        {
            int k = s.IndexOf(old, from, StringComparison.Ordinal);
            if (k < 0) break;
            sb.Append(s, from, k - from).Append(replacement);
            from = k + old.Length;
            done++;
        }
        return sb.Append(s, from, s.Length - from).ToString();
    }

    /// <summary>str.format with "{}", "{0}", "{name}", "{name!r}" fields and "{{"/"}}" escapes; format specs are not supported.</summary>
    private static string Format(string s, CallArguments a)
    {
        var sb = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '{' && i + 1 < s.Length && s[i + 1] == '{') { sb.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < s.Length && s[i + 1] == '}') { sb.Append('}'); i++; continue; }
            if (c == '}') throw a.Error("Single '}' encountered in format string");
            if (c != '{') { sb.Append(c); continue; }
            int close = s.IndexOf('}', i);
            if (close < 0) throw a.Error("Single '{' encountered in format string");
            var field = s[(i + 1)..close];
            i = close;
            if (field.Contains(':')) throw a.Error("unsupported construct: format specification in str.format");
            bool repr = false;
            if (field.EndsWith("!r", StringComparison.Ordinal)) { repr = true; field = field[..^2]; }
            else if (field.EndsWith("!s", StringComparison.Ordinal)) field = field[..^2];
            TemplateValue value;
            if (field.Length == 0) value = auto < a.Positional.Count ? a.Positional[auto++] : throw a.Error("Replacement index out of range");
            else if (int.TryParse(field, out var index)) value = index < a.Positional.Count ? a.Positional[index] : throw a.Error($"Replacement index {index} out of range");
            else value = a.Keywords.FirstOrDefault(k => k.Key == field).Value ?? throw a.Error($"missing format argument '{field}'");
            sb.Append(repr ? value.ToRepr() : value.ToPythonString());
        }
        return sb.ToString();
    }

    private static Func<CallArguments, TemplateValue>? DictMethod(DictValue d, string name) => name switch
    {
        "items" => a => { a.Check(name, 0); return d.ItemTuples(); },
        "keys" => a => { a.Check(name, 0); return new ListValue(d.Entries.Select(e => e.Key).ToList()); },
        "values" => a => { a.Check(name, 0); return new ListValue(d.Entries.Select(e => e.Value).ToList()); },
        "get" => a =>
        {
            a.Check(name, 2);
            if (a.Positional.Count == 0) throw a.Error("get() needs a key");
            return d.TryGet(a.Positional[0], out var v) ? v : a.Positional.Count > 1 ? a.Positional[1] : NoneValue.Instance;
        },
        "copy" => a => { a.Check(name, 0); return new DictValue(d.Entries.Select(e => (e.Key, e.Value))); },
        _ => null,
    };

    private static Func<CallArguments, TemplateValue>? ListMethod(ListValue l, string name) => name switch
    {
        "index" => a =>
        {
            a.Check(name, 1);
            if (a.Positional.Count == 0) throw a.Error("index() needs a value");
            for (int i = 0; i < l.Items.Count; i++) if (PythonEquality.AreEqual(l.Items[i], a.Positional[0])) return new IntValue(i);
            throw a.Error($"{a.Positional[0].ToRepr()} is not in list");
        },
        "count" => a =>
        {
            a.Check(name, 1);
            if (a.Positional.Count == 0) throw a.Error("count() needs a value");
            return new IntValue(l.Items.Count(x => PythonEquality.AreEqual(x, a.Positional[0])));
        },
        _ => null,
    };
}
