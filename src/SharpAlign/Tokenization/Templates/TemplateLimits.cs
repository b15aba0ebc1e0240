namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// Bounds that keep an untrusted template from running forever or filling memory. Each one,
/// when exceeded, stops rendering with a <see cref="TemplateException"/> naming the limit.
/// </summary>
public sealed record TemplateLimits
{
    /// <summary>Total loop iterations over the whole render (all loops together).</summary>
    public long MaxLoopIterations { get; init; } = 1_000_000;

    /// <summary>Nesting depth of macro calls, and of expressions/statements in the parser.</summary>
    public int MaxRecursionDepth { get; init; } = 200;

    /// <summary>Characters of rendered output, and the longest string any expression may build.</summary>
    public int MaxOutputChars { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest list <c>range()</c> may produce (Jinja's sandbox uses 100000).</summary>
    public int MaxRange { get; init; } = 100_000;

    /// <summary>The defaults: generous for any real chat, small enough to fail fast on abuse.</summary>
    public static TemplateLimits Default { get; } = new();
}
