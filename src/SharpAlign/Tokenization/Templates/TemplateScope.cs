namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// Variables visible at one point of a render, as Jinja scopes them: the render's globals and
/// arguments at the root, one child scope per macro call and per for-loop iteration (so a
/// <c>set</c> inside a loop body does not outlive the iteration); <c>if</c> opens no scope.
/// </summary>
internal sealed class TemplateScope(TemplateScope? parent)
{
    private readonly Dictionary<string, TemplateValue> _vars = new(StringComparer.Ordinal);

    /// <summary>Finds a variable here or in an enclosing scope.</summary>
    public bool TryGet(string name, out TemplateValue value)
    {
        for (var s = this; s is not null; s = s.Parent)
            if (s._vars.TryGetValue(name, out value!)) return true;
        value = NoneValue.Instance;
        return false;
    }

    /// <summary>Assigns in this scope.</summary>
    public void Set(string name, TemplateValue value) => _vars[name] = value;

    /// <summary>The enclosing scope.</summary>
    public TemplateScope? Parent { get; } = parent;
}
