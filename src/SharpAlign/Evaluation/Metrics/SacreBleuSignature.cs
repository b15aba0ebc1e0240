namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// A sacreBLEU reproducibility signature (sacrebleu/metrics/base.py <c>Signature.format</c>): fields
/// <c>key:value</c> joined by <c>|</c> in a fixed order, booleans as <c>yes</c>/<c>no</c>, the version
/// always last. The short form uses sacreBLEU's abbreviations. Only the fields a local run can have
/// are modelled (no test set, language pair or bootstrap fields).
/// </summary>
public sealed class SacreBleuSignature
{
    /// <summary>The sacreBLEU release whose behaviour SharpAlign reproduces, printed as <c>version:</c>.</summary>
    public const string Version = "2.6.0";

    private readonly List<(string Key, string Abbr, string Value)> _fields = [];

    /// <summary>Starts a signature with the <c>nrefs</c> field (null = a variable number of references, printed "var").</summary>
    public SacreBleuSignature(int? numRefs) => _fields.Add(("nrefs", "#", numRefs?.ToString() ?? "var"));

    /// <summary>Appends a field (in sacreBLEU's order).</summary>
    public SacreBleuSignature Add(string key, string abbr, string value)
    {
        _fields.Add((key, abbr, value));
        return this;
    }

    /// <summary>Appends a boolean field, printed <c>yes</c>/<c>no</c>.</summary>
    public SacreBleuSignature Add(string key, string abbr, bool value) => Add(key, abbr, value ? "yes" : "no");

    /// <summary>The signature string, e.g. <c>nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0</c>.</summary>
    public string Format(bool shortForm = false) =>
        string.Join('|', _fields.Select(f => $"{(shortForm ? f.Abbr : f.Key)}:{f.Value}").Append($"{(shortForm ? "v" : "version")}:{Version}"));

    /// <inheritdoc />
    public override string ToString() => Format();

    /// <summary>sacreBLEU's nrefs value: the common count of defined references per segment, or null when it varies.</summary>
    public static int? CommonReferenceCount(IEnumerable<int> countsPerSegment)
    {
        int? common = null;
        foreach (int c in countsPerSegment)
        {
            if (common is null) common = c;
            else if (common != c) return null;
        }
        return common ?? 0;
    }
}
