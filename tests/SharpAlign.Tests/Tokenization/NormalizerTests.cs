using System.Text.Json;
using SharpAlign.Tokenization;
using SharpAlign.Tokenization.Normalizers;
using SharpAlign.Tokenization.Text;

namespace SharpAlign.Tests.Tokenization;

/// <summary>Normalizers: Unicode forms against CPython's unicodedata, and the simple rewriting ones.</summary>
public class NormalizerTests
{
    [Fact]
    public void UnicodeFormsMatchCPython()
    {
        // Golden values from tests/generators/tokenization_normalization_cases.py (CPython unicodedata, same Unicode version as our tables).
        string path = Path.Combine(TestTokenizers.Folder(""), "normalization_cases.jsonl");
        int n = 0;
        foreach (var line in File.ReadLines(path))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            string s = r.GetProperty("s").GetString()!;
            Assert.Equal(r.GetProperty("nfc").GetString(), UnicodeNormalization.Normalize(s, NormalForm.Nfc));
            Assert.Equal(r.GetProperty("nfd").GetString(), UnicodeNormalization.Normalize(s, NormalForm.Nfd));
            Assert.Equal(r.GetProperty("nfkc").GetString(), UnicodeNormalization.Normalize(s, NormalForm.Nfkc));
            Assert.Equal(r.GetProperty("nfkd").GetString(), UnicodeNormalization.Normalize(s, NormalForm.Nfkd));
            n++;
        }
        Assert.True(n > 300);
    }

    [Fact]
    public void UnicodeFormsKnownExamples()
    {
        Assert.Equal("\u00e9", UnicodeNormalization.Normalize("e\u0301", NormalForm.Nfc));
        Assert.Equal("e\u0301", UnicodeNormalization.Normalize("\u00e9", NormalForm.Nfd));
        Assert.Equal("fi", UnicodeNormalization.Normalize("\ufb01", NormalForm.Nfkc));
        Assert.Equal("\ufb01", UnicodeNormalization.Normalize("\ufb01", NormalForm.Nfc));
        Assert.Equal("\u1112\u1161\u11ab", UnicodeNormalization.Normalize("\ud55c", NormalForm.Nfd));
        Assert.Equal("\ud55c", UnicodeNormalization.Normalize("\u1112\u1161\u11ab", NormalForm.Nfc));
        // Ohm sign is a singleton decomposition: NFC turns it into Omega for good.
        Assert.Equal("\u03a9", UnicodeNormalization.Normalize("\u2126", NormalForm.Nfc));
    }

    [Fact]
    public void PrependOnlyTouchesNonEmptyPieces()
    {
        var p = new PrependNormalizer("\u2581");
        Assert.Equal("\u2581hi", p.Normalize("hi"));
        Assert.Equal("", p.Normalize(""));
    }

    [Fact]
    public void ReplaceWithStringOrRegex()
    {
        Assert.Equal("a\u2581b\u2581\u2581c", ReplaceNormalizer.ForString(" ", "\u2581").Normalize("a b  c"));
        Assert.Equal("a b c", ReplaceNormalizer.ForRegex(new UnicodeRegex(@"\s+"), " ").Normalize("a \t b\n\nc"));
        // The replacement is literal, even with regex-like characters.
        Assert.Equal("x$1y", ReplaceNormalizer.ForRegex(new UnicodeRegex("-"), "$1").Normalize("x-y"));
    }

    [Fact]
    public void LowercaseIsRustsPerCharacterMapping()
    {
        var l = new LowercaseNormalizer();
        Assert.Equal("hello wörld", l.Normalize("HeLLo WÖRLD"));
        // No final-sigma rule per character; İ becomes i + combining dot; Deseret 𐐀 (astral) lowercases to 𐐨.
        Assert.Equal("οδοσ", l.Normalize("ΟΔΟΣ"));
        Assert.Equal("i\u0307", l.Normalize("\u0130"));
        Assert.Equal("\U00010428", l.Normalize("\U00010400"));
    }

    [Fact]
    public void StripRemovesWhiteSpaceOnTheChosenSides()
    {
        Assert.Equal("a b", new StripNormalizer(true, true).Normalize(" \t a b \u3000\n"));
        Assert.Equal("a ", new StripNormalizer(true, false).Normalize("  a "));
        Assert.Equal("  a", new StripNormalizer(false, true).Normalize("  a "));
    }

    [Fact]
    public void NormalizersComeFromTheJsonAndChain()
    {
        var t = TinyTokenizer.Build(TinyTokenizer.AsciiChars().Append("\u00e9").ToArray(),
            normalizer: """{"type":"Sequence","normalizers":[{"type":"NFC"},{"type":"Lowercase"},{"type":"Strip","strip_left":true,"strip_right":true},{"type":"Replace","pattern":{"String":"x"},"content":"y"},{"type":"Prepend","prepend":"_"}]}""");
        Assert.Equal(["_", "\u00e9", "y"], t.Pieces("  E\u0301X  "));
        var ex = Assert.Throws<InputException>(() => TinyTokenizer.Build(["a"], normalizer: """{"type":"Precompiled","precompiled_charsmap":""}"""));
        Assert.Contains("Precompiled", ex.Message);
        Assert.Contains("tiny.json", ex.Message);
        Assert.Contains("normalizer", ex.Message);
    }
}
