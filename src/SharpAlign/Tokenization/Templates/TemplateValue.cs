using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// A value inside a template. The set is closed: undefined, none, bool, int, float, string,
/// list/tuple, dict, namespace, loop and callable. Nothing else ever reaches a template, so a
/// template cannot reach .NET objects, files or the network. Semantics follow Python/Jinja:
/// truthiness, equality (1 == 1.0 == true), <c>str()</c> and <c>repr()</c>.
/// </summary>
public abstract class TemplateValue
{
    /// <summary>Python's name for the type, used in error messages ("str", "dict", …).</summary>
    public abstract string TypeName { get; }

    /// <summary>Nesting depth (0 for scalars), bounded by the sandbox so printing and comparing cannot overflow the stack.</summary>
    public virtual int Depth => 0;

    /// <summary>Python truthiness.</summary>
    public virtual bool IsTruthy => true;

    /// <summary>Python <c>str(value)</c>: what <c>{{ value }}</c> prints.</summary>
    public virtual string ToPythonString() => ToRepr();

    /// <summary>Python <c>repr(value)</c>: how the value appears inside a printed list or dict.</summary>
    public abstract string ToRepr();

    /// <inheritdoc />
    public override string ToString() => ToPythonString();

    /// <summary>
    /// Converts plain .NET data to a template value: null, bool, integers, floating point,
    /// string, JSON elements/nodes, dictionaries with string keys, sequences, and template
    /// values themselves. Anything else is refused (templates never see arbitrary objects).
    /// </summary>
    public static TemplateValue From(object? value) => value switch
    {
        null => NoneValue.Instance,
        TemplateValue v => v,
        string s => new StringValue(s),
        bool b => BoolValue.Of(b),
        int i => new IntValue(i),
        long l => new IntValue(l),
        short s => new IntValue(s),
        byte b => new IntValue(b),
        uint u => new IntValue(u),
        double d => new FloatValue(d),
        float f => new FloatValue(f),
        decimal m => new FloatValue((double)m),
        JsonElement e => FromJson(e),
        JsonNode n => FromJson(JsonSerializer.SerializeToElement(n)),
        IEnumerable<KeyValuePair<string, object?>> d => new DictValue(d.Select(kv => ((TemplateValue)new StringValue(kv.Key), From(kv.Value)))),
        IDictionary d => new DictValue(d.Keys.Cast<object>().Select(k => (From(k), From(d[k])))),
        IEnumerable e and not IDictionary => new ListValue(e.Cast<object?>().Select(From).ToList()),
        _ => throw new InputException($"a template variable has type {value.GetType().Name}; only null, bool, numbers, strings, lists and string-keyed dictionaries can be passed to a chat template"),
    };

    /// <summary>Converts parsed JSON to a template value, keeping object key order.</summary>
    public static TemplateValue FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => NoneValue.Instance,
        JsonValueKind.True => BoolValue.True,
        JsonValueKind.False => BoolValue.False,
        JsonValueKind.String => new StringValue(e.GetString()!),
        JsonValueKind.Number => e.TryGetInt64(out var l) && !e.GetRawText().Contains('.') && !e.GetRawText().Contains('e') && !e.GetRawText().Contains('E')
            ? new IntValue(l) : new FloatValue(e.GetDouble()),
        JsonValueKind.Array => new ListValue(e.EnumerateArray().Select(FromJson).ToList()),
        JsonValueKind.Object => new DictValue(e.EnumerateObject().Select(p => ((TemplateValue)new StringValue(p.Name), FromJson(p.Value)))),
        _ => throw new InputException($"unsupported JSON value kind {e.ValueKind}"),
    };
}

/// <summary>Jinja's default Undefined: prints as "", is falsy, iterates as empty; touching its attributes fails.</summary>
public sealed class UndefinedValue : TemplateValue
{
    /// <summary>What was undefined, for the error raised when it is used (e.g. "'foo' is undefined").</summary>
    public string Description { get; }

    /// <summary>Creates an undefined value that remembers why it is undefined.</summary>
    public UndefinedValue(string description) => Description = description;

    /// <inheritdoc />
    public override string TypeName => "Undefined";
    /// <inheritdoc />
    public override bool IsTruthy => false;
    /// <inheritdoc />
    public override string ToPythonString() => "";
    /// <inheritdoc />
    public override string ToRepr() => "Undefined";
}

/// <summary>Python None (Jinja <c>none</c>).</summary>
public sealed class NoneValue : TemplateValue
{
    /// <summary>The single none value.</summary>
    public static NoneValue Instance { get; } = new();
    private NoneValue() { }
    /// <inheritdoc />
    public override string TypeName => "NoneType";
    /// <inheritdoc />
    public override bool IsTruthy => false;
    /// <inheritdoc />
    public override string ToRepr() => "None";
}

/// <summary>Python bool.</summary>
public sealed class BoolValue : TemplateValue
{
    /// <summary>True.</summary>
    public static BoolValue True { get; } = new(true);
    /// <summary>False.</summary>
    public static BoolValue False { get; } = new(false);
    /// <summary>The value.</summary>
    public bool Value { get; }
    private BoolValue(bool value) => Value = value;
    /// <summary>The shared instance for <paramref name="b"/>.</summary>
    public static BoolValue Of(bool b) => b ? True : False;
    /// <inheritdoc />
    public override string TypeName => "bool";
    /// <inheritdoc />
    public override bool IsTruthy => Value;
    /// <inheritdoc />
    public override string ToRepr() => Value ? "True" : "False";
}

/// <summary>Python int (64-bit here; overflow is an error, not a wrap).</summary>
public sealed class IntValue(long value) : TemplateValue
{
    /// <summary>The value.</summary>
    public long Value { get; } = value;
    /// <inheritdoc />
    public override string TypeName => "int";
    /// <inheritdoc />
    public override bool IsTruthy => Value != 0;
    /// <inheritdoc />
    public override string ToRepr() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Python float; printed with Python's shortest round-trip repr ("1.0", "1e-05", "1e+16").</summary>
public sealed class FloatValue(double value) : TemplateValue
{
    /// <summary>The value.</summary>
    public double Value { get; } = value;
    /// <inheritdoc />
    public override string TypeName => "float";
    /// <inheritdoc />
    public override bool IsTruthy => Value != 0;
    /// <inheritdoc />
    public override string ToRepr() => PythonFloat.Repr(Value);
}

/// <summary>Python str.</summary>
public sealed class StringValue(string value) : TemplateValue
{
    /// <summary>The empty string.</summary>
    public static StringValue Empty { get; } = new("");
    /// <summary>The value.</summary>
    public string Value { get; } = value;
    /// <inheritdoc />
    public override string TypeName => "str";
    /// <inheritdoc />
    public override bool IsTruthy => Value.Length > 0;
    /// <inheritdoc />
    public override string ToPythonString() => Value;
    /// <inheritdoc />
    public override string ToRepr() => PythonRepr.String(Value);
}

/// <summary>Python list, or a tuple when <see cref="IsTuple"/> (only printing differs). Immutable, as in Jinja's immutable sandbox.</summary>
public sealed class ListValue(IReadOnlyList<TemplateValue> items, bool isTuple = false) : TemplateValue
{
    /// <summary>The items.</summary>
    public IReadOnlyList<TemplateValue> Items { get; } = items;
    /// <inheritdoc />
    public override int Depth { get; } = 1 + items.Select(i => i.Depth).DefaultIfEmpty(0).Max();
    /// <summary>True for a tuple (from <c>(a, b)</c> or <c>dict.items()</c>).</summary>
    public bool IsTuple { get; } = isTuple;
    /// <inheritdoc />
    public override string TypeName => IsTuple ? "tuple" : "list";
    /// <inheritdoc />
    public override bool IsTruthy => Items.Count > 0;
    /// <inheritdoc />
    public override string ToRepr()
    {
        var inner = string.Join(", ", Items.Select(i => i.ToRepr()));
        if (!IsTuple) return "[" + inner + "]";
        return Items.Count == 1 ? "(" + inner + ",)" : "(" + inner + ")";
    }
}

/// <summary>Python dict: insertion-ordered, keys compared with Python equality.</summary>
public sealed class DictValue : TemplateValue
{
    private readonly List<KeyValuePair<TemplateValue, TemplateValue>> _entries = [];
    private readonly Dictionary<TemplateValue, int> _index = new(PythonEquality.Comparer);
    private int _depth = 1;

    /// <inheritdoc />
    public override int Depth => _depth;

    /// <summary>Builds a dict from pairs; a repeated key keeps its first position and its last value.</summary>
    public DictValue(IEnumerable<(TemplateValue Key, TemplateValue Value)> pairs)
    {
        foreach (var (k, v) in pairs) Set(k, v);
    }

    /// <summary>The entries in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<TemplateValue, TemplateValue>> Entries => _entries;

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>Looks a key up.</summary>
    public bool TryGet(TemplateValue key, out TemplateValue value)
    {
        if (_index.TryGetValue(key, out var i)) { value = _entries[i].Value; return true; }
        value = NoneValue.Instance;
        return false;
    }

    /// <summary>Python <c>dict.items()</c>: (key, value) tuples in insertion order.</summary>
    public ListValue ItemTuples() => new(_entries.Select(e => (TemplateValue)new ListValue([e.Key, e.Value], isTuple: true)).ToList());

    /// <summary>Looks a string key up.</summary>
    public bool TryGet(string key, out TemplateValue value) => TryGet(new StringValue(key), out value);

    private void Set(TemplateValue key, TemplateValue value)
    {
        if (key is ListValue { IsTuple: false } or DictValue or NamespaceValue or UndefinedValue)
            throw new InputException($"unhashable dict key of type {key.TypeName}");
        _depth = Math.Max(_depth, 1 + Math.Max(key.Depth, value.Depth));
        if (_index.TryGetValue(key, out var i)) _entries[i] = new(_entries[i].Key, value);
        else { _index[key] = _entries.Count; _entries.Add(new(key, value)); }
    }

    /// <inheritdoc />
    public override string TypeName => "dict";
    /// <inheritdoc />
    public override bool IsTruthy => _entries.Count > 0;
    /// <inheritdoc />
    public override string ToRepr() => "{" + string.Join(", ", _entries.Select(e => e.Key.ToRepr() + ": " + e.Value.ToRepr())) + "}";
}

/// <summary>
/// Jinja's <c>namespace()</c>: the one mutable value, whose attributes <c>{% set ns.x = … %}</c> may assign.
/// Its attributes never hold a namespace (see <see cref="Set"/>), so no value can contain itself.
/// </summary>
public sealed class NamespaceValue : TemplateValue
{
    private readonly Dictionary<string, TemplateValue> _attributes = new(StringComparer.Ordinal);

    /// <summary>The attributes, in assignment order.</summary>
    public IReadOnlyDictionary<string, TemplateValue> Attributes => _attributes;

    /// <summary>Assigns an attribute; returns false (and assigns nothing) when the value is or contains a namespace.</summary>
    public bool Set(string name, TemplateValue value)
    {
        if (ContainsNamespace(value)) return false;
        _attributes[name] = value;
        return true;
    }

    private static bool ContainsNamespace(TemplateValue v) => v switch
    {
        NamespaceValue => true,
        ListValue l => l.Items.Any(ContainsNamespace),
        DictValue d => d.Entries.Any(e => ContainsNamespace(e.Value)),
        _ => false,
    };

    /// <inheritdoc />
    public override int Depth => 1 + _attributes.Values.Select(v => v.Depth).DefaultIfEmpty(0).Max();
    /// <inheritdoc />
    public override string TypeName => "Namespace";
    /// <inheritdoc />
    public override string ToRepr() => "<Namespace " + "{" + string.Join(", ", Attributes.Select(a => PythonRepr.String(a.Key) + ": " + a.Value.ToRepr())) + "}>";
}

/// <summary>A function a template may call: a global (<c>range</c>, <c>raise_exception</c>…), a macro, or a bound string/dict method.</summary>
public sealed class CallableValue(string name, Func<CallArguments, TemplateValue> invoke) : TemplateValue
{
    /// <summary>The name shown in errors.</summary>
    public string Name { get; } = name;
    /// <summary>Calls the function.</summary>
    public TemplateValue Invoke(CallArguments args) => invoke(args);
    /// <inheritdoc />
    public override string TypeName => "function";
    /// <inheritdoc />
    public override string ToRepr() => $"<function {Name}>";
}

/// <summary>Arguments of a call: positional values and keyword values, with the call's position for errors.</summary>
public sealed class CallArguments(IReadOnlyList<TemplateValue> positional, IReadOnlyList<KeyValuePair<string, TemplateValue>> keywords, Func<string, TemplateException> error, SourcePosition position)
{
    /// <summary>Where the call is in the template source.</summary>
    public SourcePosition Position { get; } = position;

    /// <summary>Positional arguments.</summary>
    public IReadOnlyList<TemplateValue> Positional { get; } = positional;
    /// <summary>Keyword arguments in call order.</summary>
    public IReadOnlyList<KeyValuePair<string, TemplateValue>> Keywords { get; } = keywords;
    /// <summary>Makes an error positioned at the call.</summary>
    public TemplateException Error(string what) => error(what);

    /// <summary>The argument at <paramref name="index"/> or named <paramref name="name"/>, or null when absent.</summary>
    public TemplateValue? Get(int index, string name)
    {
        foreach (var kv in Keywords) if (kv.Key == name) return kv.Value;
        return index >= 0 && index < Positional.Count ? Positional[index] : null;
    }

    /// <summary>The argument as a string; null when absent, none or undefined.</summary>
    public string? GetString(int index, string name) =>
        Get(index, name) is { } v and not NoneValue and not UndefinedValue ? v.ToPythonString() : null;

    /// <summary>The argument as an int; <paramref name="dflt"/> when absent or none; an error when not an integer.</summary>
    public int GetInt(int index, string name, int dflt) => Get(index, name) switch
    {
        null or NoneValue => dflt,
        IntValue i => (int)Math.Clamp(i.Value, int.MinValue, int.MaxValue),
        BoolValue b => b.Value ? 1 : 0,
        var v => throw Error($"argument '{name}' must be an integer, not '{v.TypeName}'"),
    };

    /// <summary>Fails when more positional arguments than <paramref name="max"/> or unknown keywords were passed.</summary>
    public void Check(string function, int max, params string[] allowedKeywords)
    {
        if (Positional.Count > max) throw Error($"{function}() takes at most {max} positional argument(s), {Positional.Count} given");
        foreach (var kv in Keywords)
            if (Array.IndexOf(allowedKeywords, kv.Key) < 0) throw Error($"{function}() got an unexpected keyword argument '{kv.Key}'");
    }
}

/// <summary>The <c>loop</c> variable inside a for loop.</summary>
public sealed class LoopValue(int index0, int length, TemplateValue previous, TemplateValue next) : TemplateValue
{
    /// <summary>0-based position.</summary>
    public int Index0 { get; } = index0;
    /// <summary>Number of items iterated.</summary>
    public int Length { get; } = length;
    /// <summary>The previous item (undefined on the first iteration).</summary>
    public TemplateValue Previous { get; } = previous;
    /// <summary>The next item (undefined on the last iteration).</summary>
    public TemplateValue Next { get; } = next;
    /// <inheritdoc />
    public override string TypeName => "LoopContext";
    /// <inheritdoc />
    public override string ToRepr() => $"<LoopContext {Index0 + 1}/{Length}>";

    /// <summary>The attribute named <paramref name="name"/> (index, first, last, …), or null when there is none.</summary>
    public TemplateValue? Attribute(string name) => name switch
    {
        "index" => new IntValue(Index0 + 1),
        "index0" => new IntValue(Index0),
        "revindex" => new IntValue(Length - Index0),
        "revindex0" => new IntValue(Length - Index0 - 1),
        "first" => BoolValue.Of(Index0 == 0),
        "last" => BoolValue.Of(Index0 == Length - 1),
        "length" => new IntValue(Length),
        "depth" => new IntValue(1),
        "depth0" => new IntValue(0),
        "previtem" => Previous,
        "nextitem" => Next,
        "cycle" => new CallableValue("loop.cycle", a => a.Positional.Count == 0
            ? throw a.Error("loop.cycle() needs at least one argument")
            : a.Positional[Index0 % a.Positional.Count]),
        _ => null,
    };
}
