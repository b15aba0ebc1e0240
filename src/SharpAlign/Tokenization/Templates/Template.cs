namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// A parsed Jinja template, ready to render many times. Parsing applies the whitespace
/// settings transformers uses for chat templates (<c>trim_blocks</c>, <c>lstrip_blocks</c>,
/// no trailing newline) and rejects unsupported constructs with their line:column. Rendering
/// is sandboxed: values are a closed set, no file or network access, and the loop, recursion
/// and output limits of <see cref="TemplateLimits"/> apply.
/// </summary>
public sealed class Template
{
    private readonly IReadOnlyList<Node> _body;

    private Template(string name, IReadOnlyList<Node> body, TemplateLimits limits)
    {
        Name = name;
        _body = body;
        Limits = limits;
    }

    /// <summary>The name used in error messages (e.g. the file it came from).</summary>
    public string Name { get; }

    /// <summary>The sandbox limits applied when rendering.</summary>
    public TemplateLimits Limits { get; }

    /// <summary>Parses <paramref name="source"/>; a syntax error or unsupported construct throws <see cref="TemplateException"/>.</summary>
    public static Template Parse(string source, string name = "template", TemplateLimits? limits = null)
    {
        limits ??= TemplateLimits.Default;
        var tokens = TemplateLexer.Tokenize(source, name);
        return new Template(name, TemplateParser.Parse(tokens, name, limits.MaxRecursionDepth), limits);
    }

    /// <summary>
    /// Renders with <paramref name="variables"/> (converted by <see cref="TemplateValue.From"/>) on top of the
    /// globals raise_exception, strftime_now, range, dict and namespace. <paramref name="clock"/> supplies
    /// strftime_now's time (default: local now).
    /// </summary>
    public string Render(IEnumerable<KeyValuePair<string, object?>> variables, Func<DateTime>? clock = null)
    {
        var evaluator = new TemplateEvaluator(Name, Limits);
        var globals = new TemplateScope(null);
        TemplateGlobals.AddTo(globals, evaluator, clock ?? (() => DateTime.Now));
        var root = new TemplateScope(globals);
        foreach (var (key, value) in variables) root.Set(key, TemplateValue.From(value));
        return evaluator.Render(_body, root);
    }
}
