using System.Globalization;
using System.Text;

namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// The <c>tojson</c> filter as transformers defines it: Python's
/// <c>json.dumps(x, ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys)</c>.
/// Default separators are ", " and ": " (with an indent: "," and ": "); non-string keys become
/// strings as Python does; floats use Python's repr; NaN/Infinity are written as Python writes them.
/// </summary>
internal static class TemplateJson
{
    /// <summary>Formatting options of json.dumps.</summary>
    public sealed record Options(string? Indent, string ItemSeparator, string KeySeparator, bool SortKeys, bool EnsureAscii);

    /// <summary>Serializes <paramref name="value"/>; <paramref name="fail"/> makes the error for a value JSON cannot hold.</summary>
    public static string Serialize(TemplateValue value, Options options, Func<string, Exception> fail, int maxDepth)
    {
        var sb = new StringBuilder();
        Write(sb, value, options, 0, fail, maxDepth);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, TemplateValue value, Options o, int level, Func<string, Exception> fail, int maxDepth)
    {
        if (level > maxDepth) throw fail($"tojson: value nested deeper than {maxDepth} levels");
        switch (value)
        {
            case NoneValue: sb.Append("null"); break;
            case BoolValue b: sb.Append(b.Value ? "true" : "false"); break;
            case IntValue i: sb.Append(i.Value.ToString(CultureInfo.InvariantCulture)); break;
            case FloatValue f: sb.Append(FloatText(f.Value)); break;
            case StringValue s: WriteString(sb, s.Value, o.EnsureAscii); break;
            case ListValue l:
                WriteContainer(sb, '[', ']', l.Items, (item, _) => Write(sb, item, o, level + 1, fail, maxDepth), o, level);
                break;
            case DictValue d:
                var entries = d.Entries.Select(e => (Key: KeyText(e.Key, fail), e.Value)).ToList();
                if (o.SortKeys) entries = [.. entries.OrderBy(e => e.Key, Comparer<string>.Create(PythonEquality.CompareCodePoints))];
                WriteContainer(sb, '{', '}', entries, (e, _) =>
                {
                    WriteString(sb, e.Key, o.EnsureAscii);
                    sb.Append(o.KeySeparator);
                    Write(sb, e.Value, o, level + 1, fail, maxDepth);
                }, o, level);
                break;
            default:
                throw fail($"Object of type {value.TypeName} is not JSON serializable");
        }
    }

    private static void WriteContainer<T>(StringBuilder sb, char open, char close, IReadOnlyList<T> items, Action<T, int> writeItem, Options o, int level)
    {
        sb.Append(open);
        if (items.Count == 0) { sb.Append(close); return; }
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(o.ItemSeparator);
            if (o.Indent is not null) sb.Append('\n').Append(string.Concat(Enumerable.Repeat(o.Indent, level + 1)));
            writeItem(items[i], i);
        }
        if (o.Indent is not null) sb.Append('\n').Append(string.Concat(Enumerable.Repeat(o.Indent, level)));
        sb.Append(close);
    }

    /// <summary>Python converts non-string keys: True → "true", None → "null", numbers → their text.</summary>
    private static string KeyText(TemplateValue key, Func<string, Exception> fail) => key switch
    {
        StringValue s => s.Value,
        BoolValue b => b.Value ? "true" : "false",
        NoneValue => "null",
        IntValue i => i.Value.ToString(CultureInfo.InvariantCulture),
        FloatValue f => FloatText(f.Value),
        _ => throw fail($"keys must be str, int, float, bool or None, not {key.TypeName}"),
    };

    private static string FloatText(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PythonFloat.Repr(d);

    private static void WriteString(StringBuilder sb, string s, bool ensureAscii)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
