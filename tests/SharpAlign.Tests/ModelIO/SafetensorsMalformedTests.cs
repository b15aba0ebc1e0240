using System.Text;
using SharpAlign.Models.IO;

namespace SharpAlign.Tests.ModelIO;

/// <summary>Broken or hostile safetensors files must give an InputException naming the file (and tensor), before any data is read.</summary>
public class SafetensorsMalformedTests
{
    /// <summary>Writes a file with the given header text and data bytes; the length prefix can be overridden.</summary>
    private static string Raw(TempDir dir, string header, int dataBytes, ulong? declaredLength = null, int cut = 0)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new List<byte>();
        bytes.AddRange(BitConverter.GetBytes(declaredLength ?? (ulong)h.Length));
        bytes.AddRange(h);
        bytes.AddRange(new byte[dataBytes]);
        string path = dir.File("bad.safetensors");
        File.WriteAllBytes(path, bytes.Take(bytes.Count - cut).ToArray());
        return path;
    }

    private const string Good = """{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"BF16","shape":[4],"data_offsets":[16,24]}}""";

    private static InputException Fails(string path, params string[] mustContain)
    {
        var e = Assert.Throws<InputException>(() => { using var f = SafetensorsFile.Open(path); });
        Assert.Contains(path, e.Message);
        foreach (var s in mustContain) Assert.Contains(s, e.Message);
        return e;
    }

    [Fact]
    public void TheWellFormedBaseFileOpens()
    {
        using var dir = new TempDir();
        using var f = SafetensorsFile.Open(Raw(dir, Good, 24));
        Assert.Equal(2, f.Tensors.Count);
    }

    [Fact]
    public void TruncatedData() { using var d = new TempDir(); Fails(Raw(d, Good, 24, cut: 5), "'b'", "outside the data region"); }

    [Fact]
    public void TruncatedHeader() { using var d = new TempDir(); Fails(Raw(d, Good, 0, cut: 70), "runs past the end"); }

    [Fact]
    public void TooShortForLengthPrefix()
    {
        using var d = new TempDir();
        string path = d.File("tiny.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        Fails(path, "too short");
    }

    [Fact]
    public void HugeHeaderLength() { using var d = new TempDir(); Fails(Raw(d, Good, 24, declaredLength: 1UL << 40), "exceeds the limit"); }

    [Fact]
    public void HeaderLengthJustOverLimit() { using var d = new TempDir(); Fails(Raw(d, Good, 24, declaredLength: SafetensorsHeader.MaxHeaderLength + 1), "exceeds the limit"); }

    [Fact]
    public void BadJson() { using var d = new TempDir(); Fails(Raw(d, Good.Replace("\"b\":", "\"b\""), 24), "not valid JSON"); }

    [Fact]
    public void HeaderNotAnObject() { using var d = new TempDir(); Fails(Raw(d, "[1,2,3]", 0), "must start with '{'"); }

    [Fact]
    public void InvalidUtf8()
    {
        using var d = new TempDir();
        string path = Raw(d, "{\"a\u00e9\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}", 0);
        var bytes = File.ReadAllBytes(path);
        int i = Array.IndexOf(bytes, (byte)0xC3);
        bytes[i] = 0xFF;
        File.WriteAllBytes(path, bytes);
        Fails(path, "not valid JSON");
    }

    [Fact]
    public void EscapedLoneSurrogateInName() =>
        WithHeader("""{"\ud800":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4, "not valid JSON");

    [Fact]
    public void OverlappingOffsets() =>
        WithHeader("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", 16, "overlap", "'a'", "'b'");

    [Fact]
    public void OutOfRangeOffsets() =>
        WithHeader("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[1000000,1000008]}}""", 24, "'b'", "outside the data region");

    [Fact]
    public void OffsetsBeyondLongRange() =>
        WithHeader("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,18446744073709551615]}}""", 8, "'a'", "non-negative integers");

    [Fact]
    public void NegativeOffset() =>
        WithHeader("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}}""", 8, "'a'", "non-negative");

    [Fact]
    public void EndBeforeBegin() =>
        WithHeader("""{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}""", 8, "'a'", "end before they begin");

    [Fact]
    public void WrongDtypeSize() =>
        WithHeader("""{"a":{"dtype":"F16","shape":[2,2],"data_offsets":[0,16]}}""", 16, "'a'", "needs 8 bytes", "cover 16");

    [Fact]
    public void UnknownDtype() =>
        WithHeader("""{"a":{"dtype":"F33","shape":[4],"data_offsets":[0,16]}}""", 16, "'a'", "unknown dtype \"F33\"");

    [Fact]
    public void LowerCaseDtypeIsUnknown() =>
        WithHeader("""{"a":{"dtype":"f32","shape":[4],"data_offsets":[0,16]}}""", 16, "'a'", "unknown dtype");

    [Fact]
    public void NegativeDimension() =>
        WithHeader("""{"a":{"dtype":"F32","shape":[-1,4],"data_offsets":[0,16]}}""", 16, "'a'", "non-negative");

    [Fact]
    public void ElementCountOverflow() =>
        WithHeader("""{"a":{"dtype":"F32","shape":[2147483647,2147483647,2147483647],"data_offsets":[0,16]}}""", 16, "'a'", "too");

    [Fact]
    public void DuplicateName() =>
        WithHeader("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "'a'", "twice");

    [Fact]
    public void GapBetweenTensors() =>
        WithHeader("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 12, "'b'", "gap");

    [Fact]
    public void TrailingBytes() =>
        WithHeader("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 12, "trailing");

    [Fact]
    public void MissingFields() =>
        WithHeader("""{"a":{"dtype":"F32","shape":[1]}}""", 4, "'a'", "data_offsets");

    [Fact]
    public void MetadataMustBeStrings() =>
        WithHeader("""{"__metadata__":{"format":1},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4, "__metadata__.format");

    [Fact]
    public void UnsupportedButKnownDtypeOpensAndRefusesOnRead()
    {
        using var d = new TempDir();
        using var f = SafetensorsFile.Open(Raw(d, """{"a":{"dtype":"I64","shape":[2],"data_offsets":[0,16]},"q":{"dtype":"F4","shape":[4],"data_offsets":[16,18]}}""", 18));
        var e = Assert.Throws<InputException>(() => f.ReadTensor("a"));
        Assert.Contains("'a'", e.Message);
        Assert.Contains("I64", e.Message);
    }

    [Fact]
    public void MissingFile()
    {
        using var d = new TempDir();
        var e = Assert.Throws<InputException>(() => SafetensorsFile.Open(d.File("none.safetensors")));
        Assert.Contains("none.safetensors", e.Message);
    }

    [Fact]
    public void RandomCorruption_NeverCrashes()
    {
        // Seeded fuzz: flip bytes in the header of a valid file; every outcome is a clean open or an InputException.
        using var d = new TempDir();
        string path = Raw(d, Good, 24);
        var original = File.ReadAllBytes(path);
        var rng = new Random(7);
        int opened = 0, refused = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            var bytes = (byte[])original.Clone();
            for (int k = 0; k < 1 + rng.Next(3); k++) bytes[rng.Next(0, 8 + Good.Length)] = (byte)rng.Next(256);
            File.WriteAllBytes(path, bytes);
            try
            {
                using var f = SafetensorsFile.Open(path);
                foreach (var name in f.Tensors.Keys)
                    if (f.Info(name).Dtype.IsLoadable()) f.ReadTensor(name).Dispose();
                opened++;
            }
            catch (InputException) { refused++; }
        }
        Assert.Equal(300, opened + refused);
        Assert.True(refused > 100, $"only {refused} of 300 corruptions were refused");
    }

    private static void WithHeader(string header, int dataBytes, params string[] mustContain)
    {
        using var d = new TempDir();
        Fails(Raw(d, header, dataBytes), mustContain);
    }
}
