using System.Globalization;
using System.Text;

namespace SharpAlign.Tokenization.Text;

/// <summary>
/// A set of Unicode code points (0..U+10FFFF) as a bitmap, with the set operations a regex
/// character class needs and a way to write it as a .NET pattern that matches whole code points.
/// </summary>
internal sealed class CodePointSet
{
    private const int Words = (UnicodeClasses.MaxCodePoint + 1) / 64;
    private readonly ulong[] _bits = new ulong[Words];

    /// <summary>The empty set.</summary>
    public CodePointSet() { }

    /// <summary>Every code point for which <paramref name="predicate"/> holds.</summary>
    public static CodePointSet Where(Func<int, bool> predicate)
    {
        var set = new CodePointSet();
        for (int cp = 0; cp <= UnicodeClasses.MaxCodePoint; cp++)
            if (predicate(cp)) set.Add(cp);
        return set;
    }

    /// <summary>Every code point whose general category is in <paramref name="categories"/>.</summary>
    public static CodePointSet OfCategories(params UnicodeCategory[] categories)
    {
        var wanted = new bool[32];
        foreach (var c in categories) wanted[(int)c] = true;
        return Where(cp => wanted[(int)UnicodeClasses.Category(cp)]);
    }

    /// <summary>Adds one code point.</summary>
    public void Add(int cp) => _bits[cp >> 6] |= 1UL << (cp & 63);

    /// <summary>Adds an inclusive range.</summary>
    public void AddRange(int first, int last)
    {
        for (int cp = first; cp <= last; cp++) Add(cp);
    }

    /// <summary>Whether the set holds <paramref name="cp"/>.</summary>
    public bool Contains(int cp) => (_bits[cp >> 6] & (1UL << (cp & 63))) != 0;

    /// <summary>Adds every member of <paramref name="other"/>.</summary>
    public void UnionWith(CodePointSet other)
    {
        for (int i = 0; i < Words; i++) _bits[i] |= other._bits[i];
    }

    /// <summary>Keeps only members also in <paramref name="other"/>.</summary>
    public void IntersectWith(CodePointSet other)
    {
        for (int i = 0; i < Words; i++) _bits[i] &= other._bits[i];
    }

    /// <summary>The complement over all code points.</summary>
    public CodePointSet Complement()
    {
        var result = new CodePointSet();
        for (int i = 0; i < Words; i++) result._bits[i] = ~_bits[i];
        return result;
    }

    /// <summary>A copy of this set.</summary>
    public CodePointSet Clone()
    {
        var result = new CodePointSet();
        _bits.CopyTo(result._bits, 0);
        return result;
    }

    /// <summary>The set closed under simple case folding (what a case-insensitive regex matches).</summary>
    public CodePointSet CaseClosure()
    {
        var result = Clone();
        foreach (var group in CaseFolding.Groups)
        {
            bool any = false;
            foreach (int cp in group) if (Contains(cp)) { any = true; break; }
            if (any) foreach (int cp in group) result.Add(cp);
        }
        return result;
    }

    /// <summary>Inclusive ranges of members within [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public List<(int First, int Last)> Ranges(int from, int to)
    {
        var ranges = new List<(int, int)>();
        int cp = from;
        while (cp <= to)
        {
            if (!Contains(cp)) { cp++; continue; }
            int start = cp;
            while (cp + 1 <= to && Contains(cp + 1)) cp++;
            ranges.Add((start, cp));
            cp++;
        }
        return ranges;
    }

    /// <summary>
    /// A .NET regex atom matching exactly one code point of this set. With
    /// <paramref name="withAstral"/> false the supplementary planes are left out (valid only for
    /// text without surrogates); otherwise they are matched as surrogate pairs.
    /// </summary>
    public string ToDotNetAtom(bool withAstral)
    {
        var bmp = new List<(int, int)>();
        foreach (var r in Ranges(0, 0xFFFF))
        {
            // Surrogate code points never stand alone in sanitised text; keep them out of the BMP class.
            if (r.Last < 0xD800 || r.First > 0xDFFF) bmp.Add(r);
            else
            {
                if (r.First < 0xD800) bmp.Add((r.First, 0xD7FF));
                if (r.Last > 0xDFFF) bmp.Add((0xE000, r.Last));
            }
        }
        string bmpClass = bmp.Count == 0 ? @"[^\u0000-\uFFFF]" : ClassOf(bmp);
        if (!withAstral) return bmpClass;
        var astral = AstralAlternatives();
        if (astral.Count == 0) return bmpClass;
        var sb = new StringBuilder("(?:");
        if (bmp.Count > 0) sb.Append(bmpClass).Append('|');
        sb.AppendJoin('|', astral);
        return sb.Append(')').ToString();
    }

    private List<string> AstralAlternatives()
    {
        // Group by high surrogate; consecutive high surrogates with identical low ranges share one alternative.
        var result = new List<string>();
        string? pendingLow = null;
        int pendingFirst = 0, pendingLast = 0;
        for (int hi = 0xD800; hi <= 0xDBFF; hi++)
        {
            int baseCp = 0x10000 + ((hi - 0xD800) << 10);
            var lowRanges = Ranges(baseCp, baseCp + 0x3FF);
            string? low = lowRanges.Count == 0 ? null
                : ClassOf(lowRanges.Select(r => (0xDC00 + r.First - baseCp, 0xDC00 + r.Last - baseCp)).ToList());
            if (low is not null && low == pendingLow && hi == pendingLast + 1) { pendingLast = hi; continue; }
            if (pendingLow is not null) result.Add(ClassOf([(pendingFirst, pendingLast)]) + pendingLow);
            pendingLow = low;
            pendingFirst = pendingLast = hi;
        }
        if (pendingLow is not null) result.Add(ClassOf([(pendingFirst, pendingLast)]) + pendingLow);
        return result;
    }

    private static string ClassOf(List<(int First, int Last)> ranges)
    {
        var sb = new StringBuilder("[");
        foreach (var (first, last) in ranges)
        {
            sb.Append($"\\u{first:X4}");
            if (last > first) sb.Append($"-\\u{last:X4}");
        }
        return sb.Append(']').ToString();
    }
}
