using System.Globalization;
using System.Text;

namespace SharpAlign.Tokenization.Text;

/// <summary>The four Unicode normalization forms.</summary>
internal enum NormalForm
{
    /// <summary>Canonical decomposition, then canonical composition.</summary>
    Nfc,
    /// <summary>Canonical decomposition.</summary>
    Nfd,
    /// <summary>Compatibility decomposition, then canonical composition.</summary>
    Nfkc,
    /// <summary>Compatibility decomposition.</summary>
    Nfkd,
}

/// <summary>
/// Unicode normalization (UAX #15) from the generated <see cref="NormalizationData"/> tables:
/// full recursive decomposition (Hangul algorithmically), canonical reordering of combining
/// marks, and for NFC/NFKC canonical composition of primary composites.
/// </summary>
internal static class UnicodeNormalization
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Lazy<Tables> Data = new(Tables.Load);

    private sealed class Tables
    {
        public readonly Dictionary<int, byte> Ccc = new();
        public readonly Dictionary<int, (bool Compat, int[] Mapping)> Decomp = new();
        public readonly Dictionary<long, int> Comp = new();

        public static Tables Load()
        {
            var t = new Tables();
            foreach (var e in NormalizationData.CombiningClasses.Split(';'))
            {
                var kv = e.Split(':');
                t.Ccc[Hex(kv[0])] = (byte)Hex(kv[1]);
            }
            foreach (var e in NormalizationData.Decompositions.Split(';'))
            {
                int sep = e.IndexOfAny(['=', '~']);
                t.Decomp[Hex(e[..sep])] = (e[sep] == '~', e[(sep + 1)..].Split(' ').Select(Hex).ToArray());
            }
            foreach (var e in NormalizationData.Compositions.Split(';'))
            {
                var kv = e.Split('=');
                var pair = kv[0].Split(' ');
                t.Comp[Key(Hex(pair[0]), Hex(pair[1]))] = Hex(kv[1]);
            }
            return t;
        }

        private static int Hex(string s) => int.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    private static long Key(int a, int b) => ((long)a << 21) | (uint)b;

    /// <summary>Normalizes <paramref name="text"/> (which must hold no lone surrogates) to <paramref name="form"/>.</summary>
    public static string Normalize(string text, NormalForm form)
    {
        if (System.Text.Ascii.IsValid(text)) return text;
        var t = Data.Value;
        bool compat = form is NormalForm.Nfkc or NormalForm.Nfkd;
        var cps = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes()) Decompose(rune.Value, compat, t, cps);
        Reorder(cps, t);
        if (form is NormalForm.Nfc or NormalForm.Nfkc) Compose(cps, t);
        var sb = new StringBuilder(cps.Count);
        foreach (int cp in cps) UnicodeClasses.AppendCodePoint(sb, cp);
        return sb.ToString();
    }

    private static void Decompose(int cp, bool compat, Tables t, List<int> output)
    {
        if (cp is >= SBase and < SBase + SCount)
        {
            int s = cp - SBase;
            output.Add(LBase + s / NCount);
            output.Add(VBase + s % NCount / TCount);
            if (s % TCount != 0) output.Add(TBase + s % TCount);
            return;
        }
        if (t.Decomp.TryGetValue(cp, out var d) && (compat || !d.Compat))
        {
            foreach (int m in d.Mapping) Decompose(m, compat, t, output);
            return;
        }
        output.Add(cp);
    }

    private static int Ccc(int cp, Tables t) => t.Ccc.TryGetValue(cp, out byte c) ? c : 0;

    private static void Reorder(List<int> cps, Tables t)
    {
        // Stable insertion sort of every run of non-starters by combining class.
        for (int i = 1; i < cps.Count; i++)
        {
            int c = Ccc(cps[i], t);
            if (c == 0) continue;
            int j = i;
            while (j > 0)
            {
                int prev = Ccc(cps[j - 1], t);
                if (prev <= c) break;
                (cps[j - 1], cps[j]) = (cps[j], cps[j - 1]);
                j--;
            }
        }
    }

    private static void Compose(List<int> cps, Tables t)
    {
        if (cps.Count == 0) return;
        int starterPos = 0;
        int starter = cps[0];
        int lastClass = Ccc(starter, t) == 0 ? 0 : 256;
        int write = 1;
        for (int read = 1; read < cps.Count; read++)
        {
            int ch = cps[read];
            int cls = Ccc(ch, t);
            int composite = ComposePair(starter, ch, t);
            if (composite >= 0 && (lastClass < cls || lastClass == 0))
            {
                cps[starterPos] = starter = composite;
                continue;
            }
            if (cls == 0)
            {
                starterPos = write;
                starter = ch;
            }
            lastClass = cls;
            cps[write++] = ch;
        }
        cps.RemoveRange(write, cps.Count - write);
    }

    private static int ComposePair(int a, int b, Tables t)
    {
        if (a is >= LBase and < LBase + LCount && b is >= VBase and < VBase + VCount)
            return SBase + ((a - LBase) * VCount + (b - VBase)) * TCount;
        if (a is >= SBase and < SBase + SCount && (a - SBase) % TCount == 0 && b is > TBase and < TBase + TCount)
            return a + (b - TBase);
        return t.Comp.TryGetValue(Key(a, b), out int c) ? c : -1;
    }
}
