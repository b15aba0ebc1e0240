using System.Text;
using SharpAlign.Evaluation.Text;

namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// The Porter stemmer exactly as NLTK's <c>PorterStemmer()</c> in its default NLTK_EXTENSIONS mode
/// (nltk/stem/porter.py; Porter 1980 plus Martin Porter's and NLTK's extensions): lower-cases first
/// (Python <c>str.lower()</c>); irregular forms (sky/skies, dying, lying, tying, news, innings,
/// outings, cannings, howe, proceed, exceed, succeed) map to their key; words of at most 2 code
/// points are returned lower-cased; step 1a turns a 4-letter "-ies" into "-ie"; step 1b turns "-ied"
/// into "-ie" (4 letters) or "-i"; *o also holds for a 2-letter vowel-consonant stem; step 1c turns y
/// into i after a consonant when the stem is longer than one letter; step 2 tries "alli"→"al" first
/// and re-runs, uses "bli"→"ble", and adds "fulli"→"ful" and "logi"→"log"; steps 3–5 as published.
/// This is the stemmer rouge-score (for tokens longer than 3 characters) and NLTK METEOR use.
/// NLTK's two other modes are available too: MARTIN_EXTENSIONS (Martin Porter's own later version:
/// none of the NLTK-only rules, "logi"→"log" with a positive-measure stem) and ORIGINAL_ALGORITHM
/// (the 1980 paper: also "abli"→"able" instead of "bli"→"ble" and no short-word shortcut).
/// </summary>
public sealed class PorterStemmer
{
    /// <summary>NLTK's <c>PorterStemmer(mode=…)</c> values.</summary>
    public enum Mode
    {
        /// <summary>NLTK's default: Martin Porter's extensions plus NLTK's.</summary>
        NltkExtensions,
        /// <summary>Only the extensions in Martin Porter's own implementations.</summary>
        MartinExtensions,
        /// <summary>The algorithm as published in 1980.</summary>
        OriginalAlgorithm,
    }

    private readonly Mode _mode;

    /// <summary>Creates the stemmer in the given mode (default NLTK_EXTENSIONS, as NLTK and rouge-score use).</summary>
    public PorterStemmer(Mode mode = Mode.NltkExtensions) => _mode = mode;

    private bool Nltk => _mode == Mode.NltkExtensions;

    /// <summary>Parses NLTK's mode names (NLTK_EXTENSIONS, MARTIN_EXTENSIONS, ORIGINAL_ALGORITHM).</summary>
    public static Mode ParseMode(string name) => name switch
    {
        "NLTK_EXTENSIONS" => Mode.NltkExtensions,
        "MARTIN_EXTENSIONS" => Mode.MartinExtensions,
        "ORIGINAL_ALGORITHM" => Mode.OriginalAlgorithm,
        _ => throw new InputException($"Porter stemmer mode '{name}' is not one of NLTK_EXTENSIONS, MARTIN_EXTENSIONS, ORIGINAL_ALGORITHM"),
    };

    private static readonly Dictionary<string, string> Irregular = new(StringComparer.Ordinal)
    {
        ["sky"] = "sky", ["skies"] = "sky", ["dying"] = "die", ["lying"] = "lie", ["tying"] = "tie",
        ["news"] = "news", ["innings"] = "inning", ["inning"] = "inning", ["outings"] = "outing",
        ["outing"] = "outing", ["cannings"] = "canning", ["canning"] = "canning", ["howe"] = "howe",
        ["proceed"] = "proceed", ["exceed"] = "exceed", ["succeed"] = "succeed",
    };

    private delegate bool Condition(string stem);

    /// <summary>Stems one word as <c>nltk.stem.PorterStemmer().stem(word)</c>.</summary>
    public string Stem(string word)
    {
        string stem = PythonCase.Lower(word);
        // NLTK looks the original word up but returns the entry of the lower-cased one.
        if (Nltk && Irregular.ContainsKey(word)) return Irregular[stem];
        if (_mode != Mode.OriginalAlgorithm && CodePoints.Count(word) <= 2) return stem;

        // Python indexes code points; map each astral code point to an unused BMP private-use
        // character so that lengths and comparisons below count code points, then map back.
        var astral = MapAstral(ref stem);
        stem = Step1a(stem);
        stem = Step1b(stem);
        stem = Step1c(stem);
        stem = Step2(stem);
        stem = Step3(stem);
        stem = Step4(stem);
        stem = Step5a(stem);
        stem = Step5b(stem);
        return astral is null ? stem : UnmapAstral(stem, astral);
    }

    private static Dictionary<char, string>? MapAstral(ref string s)
    {
        if (!s.Any(char.IsSurrogate)) return null;
        var back = new Dictionary<char, string>();
        var forward = new Dictionary<string, char>(StringComparer.Ordinal);
        char next = '\uE000';
        var sb = new StringBuilder(s.Length);
        int[] at = CodePoints.Offsets(s);
        for (int i = 0; i < at.Length - 1; i++)
        {
            string cp = s.Substring(at[i], at[i + 1] - at[i]);
            if (cp.Length == 1 && !char.IsSurrogate(cp[0])) { sb.Append(cp); continue; }
            if (!forward.TryGetValue(cp, out char placeholder))
            {
                while (s.Contains(next)) next++;
                placeholder = next++;
                forward[cp] = placeholder;
                back[placeholder] = cp;
            }
            sb.Append(placeholder);
        }
        s = sb.ToString();
        return back;
    }

    private static string UnmapAstral(string s, Dictionary<char, string> back)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (char c in s) sb.Append(back.TryGetValue(c, out string? cp) ? cp : c.ToString());
        return sb.ToString();
    }

    private static bool IsVowelLetter(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static bool IsConsonant(string word, int i)
    {
        if (IsVowelLetter(word[i])) return false;
        if (word[i] == 'y') return i == 0 || !IsConsonant(word, i - 1);
        return true;
    }

    /// <summary>Porter's m: the number of vowel→consonant transitions.</summary>
    private static int Measure(string stem)
    {
        int m = 0;
        for (int i = 1; i < stem.Length; i++)
            if (!IsConsonant(stem, i - 1) && IsConsonant(stem, i)) m++;
        return m;
    }

    private static bool HasPositiveMeasure(string stem) => Measure(stem) > 0;

    private static bool ContainsVowel(string stem)
    {
        for (int i = 0; i < stem.Length; i++) if (!IsConsonant(stem, i)) return true;
        return false;
    }

    private static bool EndsDoubleConsonant(string w) =>
        w.Length >= 2 && w[^1] == w[^2] && IsConsonant(w, w.Length - 1);

    private bool EndsCvc(string w) =>
        (w.Length >= 3 && IsConsonant(w, w.Length - 3) && !IsConsonant(w, w.Length - 2) && IsConsonant(w, w.Length - 1)
            && w[^1] is not ('w' or 'x' or 'y'))
        || (Nltk && w.Length == 2 && !IsConsonant(w, 0) && IsConsonant(w, 1));

    private static string Cut(string word, string suffix) => word[..^suffix.Length];

    /// <summary>NLTK's <c>_apply_rule_list</c>: the first rule whose suffix matches decides (applied or not).</summary>
    private static string ApplyRules(string word, (string Suffix, string Replacement, Condition? Condition)[] rules)
    {
        foreach (var (suffix, replacement, condition) in rules)
        {
            if (suffix == "*d" && EndsDoubleConsonant(word))
            {
                string s = word[..^2];
                return condition is null || condition(s) ? s + replacement : word;
            }
            if (word.EndsWith(suffix, StringComparison.Ordinal))
            {
                string s = Cut(word, suffix);
                return condition is null || condition(s) ? s + replacement : word;
            }
        }
        return word;
    }

    private string Step1a(string word)
    {
        if (Nltk && word.EndsWith("ies", StringComparison.Ordinal) && word.Length == 4) return Cut(word, "ies") + "ie";
        return ApplyRules(word, [("sses", "ss", null), ("ies", "i", null), ("ss", "ss", null), ("s", "", null)]);
    }

    private string Step1b(string word)
    {
        if (Nltk && word.EndsWith("ied", StringComparison.Ordinal))
            return Cut(word, "ied") + (word.Length == 4 ? "ie" : "i");
        if (word.EndsWith("eed", StringComparison.Ordinal))
        {
            string s = Cut(word, "eed");
            return Measure(s) > 0 ? s + "ee" : word;
        }
        string? intermediate = null;
        foreach (string suffix in (string[])["ed", "ing"])
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && ContainsVowel(Cut(word, suffix)))
            {
                intermediate = Cut(word, suffix);
                break;
            }
        }
        if (intermediate is null) return word;
        string stem = intermediate;
        return ApplyRules(stem,
        [
            ("at", "ate", null), ("bl", "ble", null), ("iz", "ize", null),
            ("*d", stem.Length > 0 ? stem[^1].ToString() : "", _ => stem[^1] is not ('l' or 's' or 'z')),
            ("", "e", s => Measure(s) == 1 && EndsCvc(s)),
        ]);
    }

    private string Step1c(string word) => Nltk
        ? ApplyRules(word, [("y", "i", s => s.Length > 1 && IsConsonant(s, s.Length - 1))])
        : ApplyRules(word, [("y", "i", ContainsVowel)]);

    private string Step2(string word)
    {
        if (Nltk && word.EndsWith("alli", StringComparison.Ordinal) && HasPositiveMeasure(Cut(word, "alli")))
            return Step2(Cut(word, "alli") + "al");
        var bli = _mode == Mode.OriginalAlgorithm ? ("abli", "able", (Condition?)HasPositiveMeasure) : ("bli", "ble", HasPositiveMeasure);
        (string, string, Condition?)[] rules =
        [
            ("ational", "ate", HasPositiveMeasure), ("tional", "tion", HasPositiveMeasure),
            ("enci", "ence", HasPositiveMeasure), ("anci", "ance", HasPositiveMeasure),
            ("izer", "ize", HasPositiveMeasure), bli,
            ("alli", "al", HasPositiveMeasure), ("entli", "ent", HasPositiveMeasure),
            ("eli", "e", HasPositiveMeasure), ("ousli", "ous", HasPositiveMeasure),
            ("ization", "ize", HasPositiveMeasure), ("ation", "ate", HasPositiveMeasure),
            ("ator", "ate", HasPositiveMeasure), ("alism", "al", HasPositiveMeasure),
            ("iveness", "ive", HasPositiveMeasure), ("fulness", "ful", HasPositiveMeasure),
            ("ousness", "ous", HasPositiveMeasure), ("aliti", "al", HasPositiveMeasure),
            ("iviti", "ive", HasPositiveMeasure), ("biliti", "ble", HasPositiveMeasure),
        ];
        if (Nltk) rules = [.. rules, ("fulli", "ful", HasPositiveMeasure), ("logi", "log", _ => HasPositiveMeasure(word[..^3]))];
        if (_mode == Mode.MartinExtensions) rules = [.. rules, ("logi", "log", HasPositiveMeasure)];
        return ApplyRules(word, rules);
    }

    private static string Step3(string word) => ApplyRules(word,
    [
        ("icate", "ic", HasPositiveMeasure), ("ative", "", HasPositiveMeasure), ("alize", "al", HasPositiveMeasure),
        ("iciti", "ic", HasPositiveMeasure), ("ical", "ic", HasPositiveMeasure), ("ful", "", HasPositiveMeasure),
        ("ness", "", HasPositiveMeasure),
    ]);

    private static string Step4(string word)
    {
        Condition gt1 = s => Measure(s) > 1;
        return ApplyRules(word,
        [
            ("al", "", gt1), ("ance", "", gt1), ("ence", "", gt1), ("er", "", gt1), ("ic", "", gt1),
            ("able", "", gt1), ("ible", "", gt1), ("ant", "", gt1), ("ement", "", gt1), ("ment", "", gt1),
            ("ent", "", gt1), ("ion", "", s => Measure(s) > 1 && s[^1] is 's' or 't'), ("ou", "", gt1),
            ("ism", "", gt1), ("ate", "", gt1), ("iti", "", gt1), ("ous", "", gt1), ("ive", "", gt1),
            ("ize", "", gt1),
        ]);
    }

    private string Step5a(string word)
    {
        if (!word.EndsWith('e')) return word;
        string stem = word[..^1];
        int m = Measure(stem);
        if (m > 1) return stem;
        if (m == 1 && !EndsCvc(stem)) return stem;
        return word;
    }

    private static string Step5b(string word) =>
        ApplyRules(word, [("ll", "l", _ => Measure(word[..^1]) > 1)]);
}
