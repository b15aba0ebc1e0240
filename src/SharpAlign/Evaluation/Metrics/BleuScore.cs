using SharpAlign.Evaluation.Text;

namespace SharpAlign.Evaluation.Metrics;

/// <summary>
/// A BLEU result as sacreBLEU's <c>BLEUScore</c>: the score (0–100), n-gram counts and totals (after
/// add-k smoothing), precisions in percent, brevity penalty and lengths.
/// </summary>
public sealed record BleuScore(double Score, double[] Counts, double[] Totals, double[] Precisions, double BrevityPenalty, long SysLen, long RefLen)
{
    /// <summary>sys_len / ref_len, or 0 when the reference length is 0.</summary>
    public double Ratio => RefLen > 0 ? (double)SysLen / RefLen : 0.0;

    /// <summary>The part sacreBLEU prints after the score: <c>82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)</c>.</summary>
    public string Verbose =>
        $"{string.Join('/', Precisions.Select(p => PythonFormat.Fixed(p, 1)))} (BP = {PythonFormat.Fixed(BrevityPenalty, 3)} " +
        $"ratio = {PythonFormat.Fixed(Ratio, 3)} hyp_len = {SysLen} ref_len = {RefLen})";

    /// <summary>sacreBLEU's printed line, e.g. <c>BLEU|nrefs:1|…|version:2.6.0 = 48.53 82.4/50.0/…</c>.</summary>
    public string Format(string signature, int width = 2) =>
        $"{(signature.Length > 0 ? "BLEU|" + signature : "BLEU")} = {PythonFormat.Fixed(Score, width)} {Verbose}";
}
