namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// Python's <c>==</c> and ordering on template values: numbers compare by value across
/// bool/int/float, strings by code point, lists and dicts element-wise; values of unrelated
/// types are never equal and cannot be ordered.
/// </summary>
internal static class PythonEquality
{
    /// <summary>A comparer with Python's equality and a matching hash, for dict keys and <c>unique</c>.</summary>
    public static IEqualityComparer<TemplateValue> Comparer { get; } = new ValueComparer();

    /// <summary>Python <c>a == b</c>.</summary>
    public static bool AreEqual(TemplateValue a, TemplateValue b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (TryNumber(a, out var x) && TryNumber(b, out var y))
            return a is IntValue ia && b is IntValue ib ? ia.Value == ib.Value : x == y;
        return (a, b) switch
        {
            (StringValue s, StringValue t) => s.Value == t.Value,
            (NoneValue, NoneValue) => true,
            (UndefinedValue, UndefinedValue) => true,
            (ListValue l, ListValue m) => l.IsTuple == m.IsTuple && l.Items.Count == m.Items.Count && l.Items.Zip(m.Items).All(p => AreEqual(p.First, p.Second)),
            (DictValue d, DictValue e) => d.Count == e.Count && d.Entries.All(kv => e.TryGet(kv.Key, out var v) && AreEqual(kv.Value, v)),
            _ => false,
        };
    }

    /// <summary>Python ordering (<c>&lt;</c>): -1, 0 or 1; null when the types cannot be ordered.</summary>
    public static int? Compare(TemplateValue a, TemplateValue b)
    {
        if (TryNumber(a, out var x) && TryNumber(b, out var y))
        {
            if (a is IntValue ia && b is IntValue ib) return ia.Value.CompareTo(ib.Value);
            return double.IsNaN(x) || double.IsNaN(y) ? null : x.CompareTo(y);
        }
        if (a is StringValue s && b is StringValue t) return Math.Sign(CompareCodePoints(s.Value, t.Value));
        if (a is ListValue l && b is ListValue m)
        {
            for (int i = 0; i < Math.Min(l.Items.Count, m.Items.Count); i++)
            {
                if (AreEqual(l.Items[i], m.Items[i])) continue;
                return Compare(l.Items[i], m.Items[i]);
            }
            return l.Items.Count.CompareTo(m.Items.Count);
        }
        return null;
    }

    /// <summary>Ordinal comparison by Unicode code point (differs from UTF-16 order above U+D7FF).</summary>
    public static int CompareCodePoints(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            int ca = CodePointAt(a, i), cb = CodePointAt(b, j);
            if (ca != cb) return ca.CompareTo(cb);
            i += ca > 0xFFFF ? 2 : 1;
            j += cb > 0xFFFF ? 2 : 1;
        }
        return (a.Length - i).CompareTo(b.Length - j);
    }

    private static int CodePointAt(string s, int i) =>
        char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? char.ConvertToUtf32(s[i], s[i + 1]) : s[i];

    /// <summary>The numeric value of a bool/int/float.</summary>
    public static bool TryNumber(TemplateValue v, out double d)
    {
        switch (v)
        {
            case IntValue i: d = i.Value; return true;
            case FloatValue f: d = f.Value; return true;
            case BoolValue b: d = b.Value ? 1 : 0; return true;
            default: d = 0; return false;
        }
    }

    private sealed class ValueComparer : IEqualityComparer<TemplateValue>
    {
        public bool Equals(TemplateValue? a, TemplateValue? b) => a is not null && b is not null && AreEqual(a, b);

        public int GetHashCode(TemplateValue v) => v switch
        {
            IntValue i => ((double)i.Value).GetHashCode(),
            FloatValue f => f.Value.GetHashCode(),
            BoolValue b => (b.Value ? 1.0 : 0.0).GetHashCode(),
            StringValue s => s.Value.GetHashCode(StringComparison.Ordinal),
            ListValue l => l.Items.Aggregate(17, (h, x) => h * 31 + GetHashCode(x)),
            _ => v.TypeName.GetHashCode(StringComparison.Ordinal),
        };
    }
}
