using SharpAlign.Tensors;

namespace SharpAlign.Tests.Tensors;

/// <summary>A fact that xunit reports as skipped, with the reason, when libopenblas.so.0 cannot be loaded.</summary>
public sealed class RequiresOpenBlasFactAttribute : FactAttribute
{
    public RequiresOpenBlasFactAttribute()
    {
        if (!OpenBlasGemm.IsAvailable) Skip = SkipReason;
    }

    public const string SkipReason = "libopenblas.so.0 is not installed: OpenBLAS back end not tested (apt-get install libopenblas0-pthread)";
}

/// <summary>A theory skipped, with the reason, when libopenblas.so.0 cannot be loaded.</summary>
public sealed class RequiresOpenBlasTheoryAttribute : TheoryAttribute
{
    public RequiresOpenBlasTheoryAttribute()
    {
        if (!OpenBlasGemm.IsAvailable) Skip = RequiresOpenBlasFactAttribute.SkipReason;
    }
}
