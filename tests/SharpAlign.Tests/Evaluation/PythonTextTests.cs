using SharpAlign.Evaluation.Text;

namespace SharpAlign.Tests.Evaluation;

/// <summary>Python string semantics the metrics depend on (metrics.md §0.1 and §7).</summary>
public class PythonTextTests
{
    [Fact]
    public void WhitespaceIsPythonsIsSpaceSet()
    {
        // Python: every one of these is str.isspace(); U+200B, U+FEFF and U+180E are not.
        int[] spaces = [0x9, 0xA, 0xB, 0xC, 0xD, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2005, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000];
        foreach (int cp in spaces) Assert.True(PythonWhitespace.IsSpace(cp), $"U+{cp:X4}");
        foreach (int cp in new[] { 0x200B, 0xFEFF, 0x180E, 0x41, 0x1B, 0x2060 }) Assert.False(PythonWhitespace.IsSpace(cp), $"U+{cp:X4}");
        Assert.False(char.IsWhiteSpace('\u001F')); // the .NET difference this class exists for
    }

    [Fact]
    public void SplitStripAndCollapseFollowPython()
    {
        Assert.Equal(["a", "b", "c"], PythonWhitespace.Split("  a\u001Fb\u3000\u3000c \n"));
        Assert.Equal(["a\u200Bb"], PythonWhitespace.Split("a\u200Bb"));
        Assert.Empty(PythonWhitespace.Split(" \t\u00A0 "));
        Assert.Equal("  x", PythonWhitespace.RStrip("  x \u001C\u2029"));
        Assert.Equal("x y", PythonWhitespace.Strip("\u0085x y\u00A0"));
        Assert.Equal("a b c", PythonWhitespace.Collapse("\ta  b\u001E\u001Ec "));
        Assert.Equal("abc", PythonWhitespace.RemoveAll("a b\u001Fc\n"));
    }

    [Fact]
    public void LowerMatchesPythonSpecialCases()
    {
        Assert.Equal("i\u0307stanbul", PythonCase.Lower("İstanbul"));           // U+0130 → two code points
        Assert.Equal("οδος", PythonCase.Lower("ΟΔΟΣ"));                        // final sigma at the end of a word
        Assert.Equal("οδος οδος", PythonCase.Lower("ΟΔΟΣ ΟΔΟΣ"));
        Assert.Equal("σ", PythonCase.Lower("Σ"));                               // no cased letter before → σ
        Assert.Equal("ασα", PythonCase.Lower("ΑΣΑ"));                           // cased letter follows → σ
        Assert.Equal("ας.", PythonCase.Lower("ΑΣ."));                           // '.' is case-ignorable
        Assert.Equal("ασ'α", PythonCase.Lower("ΑΣ'Α"));                         // skip the apostrophe, then a cased letter
        Assert.Equal("k", PythonCase.Lower("\u212A"));                          // Kelvin sign → ASCII k
        Assert.Equal("straße ǆ ä 𐐨", PythonCase.Lower("STRAßE ǅ Ä 𐐀"));      // title case and an astral capital (Deseret)
        Assert.Equal("plain ascii", PythonCase.Lower("plain ascii"));
    }

    [Fact]
    public void FixedFormattingRoundsTiesToEvenLikePython()
    {
        Assert.Equal("6.2", PythonFormat.Fixed(6.25, 1));     // exact tie: Python '6.2', .NET "F1" gives "6.3"
        Assert.Equal("0.12", PythonFormat.Fixed(0.125, 2));
        Assert.Equal("0.38", PythonFormat.Fixed(0.375, 2));
        Assert.Equal("2.67", PythonFormat.Fixed(2.675, 2));   // binary value is below the tie
        Assert.Equal("2", PythonFormat.Fixed(2.5, 0));
        Assert.Equal("4", PythonFormat.Fixed(3.5, 0));
        Assert.Equal("100.00", PythonFormat.Fixed(99.999, 2));
        Assert.Equal("48.53", PythonFormat.Fixed(48.530827009929865, 2));
        Assert.Equal("-0.00", PythonFormat.Fixed(-0.0001, 2));
        Assert.Equal("0.943", PythonFormat.Fixed(0.9428731438548749, 3));
    }

    [Fact]
    public void CodePointsCountSurrogatePairsOnce()
    {
        Assert.Equal(3, CodePoints.Count("a🍕b"));
        Assert.Equal([0, 1, 3, 4], CodePoints.Offsets("a🍕b"));
    }
}

/// <summary>PythonCase.Lower against Python 3.11's str.lower() for every code point (table from tests/generators/metrics_python_lower.py).</summary>
public class PythonLowerTableTests
{
    [Fact]
    public void EveryCodePointLowersLikePython()
    {
        var expected = new Dictionary<int, string>();
        foreach (string line in File.ReadLines(PublishedVectorTests.DataPath("python_lower.tsv")))
        {
            if (line.StartsWith('#')) continue;
            var parts = line.Split('\t');
            expected[Convert.ToInt32(parts[0], 16)] = string.Concat(parts[1].Split(' ').Select(h => char.ConvertFromUtf32(Convert.ToInt32(h, 16))));
        }
        var mismatches = new List<string>();
        for (int cp = 0; cp < 0x110000; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF) continue;
            string s = char.ConvertFromUtf32(cp);
            string want = expected.TryGetValue(cp, out string? e) ? e : s;
            if (PythonCase.Lower(s) != want) mismatches.Add($"U+{cp:X4}");
        }
        // .NET 10's Unicode tables are newer than Python 3.11's (14.0): these capitals were added in
        // Unicode 15/16 (Cyrillic TJE, Latin additions, Garay) and have no mapping in Python 3.11.
        var newerThanPython = new HashSet<string> { "U+1C89", "U+A7CB", "U+A7CC", "U+A7DA", "U+A7DC" };
        for (int cp = 0x10D50; cp <= 0x10D65; cp++) newerThanPython.Add($"U+{cp:X4}");
        var unexpected = mismatches.Where(m => !newerThanPython.Contains(m)).ToList();
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} mismatches: {string.Join(' ', unexpected.Take(50))}");
    }
}
