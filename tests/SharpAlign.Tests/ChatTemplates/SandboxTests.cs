using SharpAlign.Tokenization.Templates;

namespace SharpAlign.Tests.ChatTemplates;

/// <summary>Untrusted templates: every limit stops the render with a clear error, and nothing outside the value set is reachable.</summary>
public class SandboxTests
{
    private static readonly Dictionary<string, object?> NoVariables = [];

    private static TemplateException Fails(string source, TemplateLimits? limits = null, Dictionary<string, object?>? variables = null) =>
        Assert.ThrowsAny<TemplateException>(() => Template.Parse(source, "t", limits).Render(variables ?? NoVariables));

    [Fact]
    public void Loop_iterations_are_bounded_across_all_loops()
    {
        var limits = new TemplateLimits { MaxLoopIterations = 1000 };
        var e = Fails("{% for a in range(100) %}{% for b in range(100) %}{% endfor %}{% endfor %}", limits);
        Assert.Contains("more than 1000 iterations", e.Message);
        Assert.Equal("x", Template.Parse("{% for a in range(10) %}{% for b in range(99) %}{% endfor %}{% endfor %}x", "t", limits).Render(NoVariables));
    }

    [Fact]
    public void Recursive_macro_hits_the_depth_limit()
    {
        var e = Fails("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", new TemplateLimits { MaxRecursionDepth = 50 });
        Assert.Contains("macro calls nested deeper than 50", e.Message);
        Assert.Contains("line 1:4", e.Message);
    }

    [Fact]
    public void Deeply_nested_source_is_rejected_by_the_parser_not_the_stack()
    {
        var e = Fails("{{ " + new string('(', 5000) + "1" + new string(')', 5000) + " }}");
        Assert.Contains("nesting deeper than", e.Message);
        var e2 = Fails(string.Concat(Enumerable.Repeat("{% if true %}", 5000)));
        Assert.Contains("nesting deeper than", e2.Message);
    }

    [Fact]
    public void Output_size_is_bounded()
    {
        var limits = new TemplateLimits { MaxOutputChars = 10_000 };
        Assert.Contains("output exceeds the limit of 10000", Fails("{% for i in range(20000) %}x{% endfor %}", limits).Message);
        Assert.Contains("exceed the limit", Fails("{{ 'abc' * 100000 }}", limits).Message);
        Assert.Contains("exceed the limit", Fails("{% set s = 'a' * 9000 %}{{ s ~ s }}", limits).Message);
    }

    [Fact]
    public void Range_is_bounded()
    {
        Assert.Contains("range too big", Fails("{{ range(1000000) | length }}").Message);
        Assert.Equal("100000", Template.Parse("{{ range(100000) | length }}").Render(NoVariables));
    }

    [Fact]
    public void Loading_other_templates_or_files_is_refused_with_position()
    {
        foreach (var statement in new[] { "include 'x.jinja'", "import 'x' as y", "from 'x' import y", "extends 'base'", "block body" })
        {
            var e = Assert.ThrowsAny<TemplateException>(() => Template.Parse($"ok\n  {{% {statement} %}}", "t"));
            Assert.Contains("line 2:6", e.Message);
            Assert.Contains("may not load other templates or files", e.Message);
        }
    }

    [Fact]
    public void Mutating_methods_are_refused()
    {
        Assert.Contains("immutable sandbox", Fails("{% set d = {} %}{{ d.update({'a': 1}) }}").Message);
        Assert.Contains("immutable sandbox", Fails("{{ messages.pop() }}", variables: new() { ["messages"] = new List<object?> { 1 } }).Message);
    }

    [Fact]
    public void Dotnet_objects_cannot_be_passed_in()
    {
        var e = Assert.Throws<InputException>(() => Template.Parse("{{ x }}").Render(new Dictionary<string, object?> { ["x"] = new Random() }));
        Assert.Contains("Random", e.Message);
        // Attribute access on strings reaches only the Python str methods, never .NET members.
        Assert.Equal("", Template.Parse("{{ 'abc'.Length }}{{ 'abc'.GetType }}{{ messages.__class__ }}").Render(new Dictionary<string, object?> { ["messages"] = new List<object?>() }));
    }

    [Fact]
    public void Raise_exception_carries_the_template_message_and_position()
    {
        var e = Assert.Throws<TemplateRaisedException>(() => Template.Parse("line one\n{% if true %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}", "mistral").Render(NoVariables));
        Assert.Equal("Only user and assistant roles are supported!", e.TemplateMessage);
        Assert.Equal("chat template mistral raised an error at line 2:17: Only user and assistant roles are supported!", e.Message);
        Assert.IsAssignableFrom<InputException>(e);
    }

    [Fact]
    public void Strftime_now_uses_the_supplied_clock()
    {
        var t = Template.Parse("{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%-d/%-m %H:%M') }}");
        Assert.Equal("05 Mar 2025|5/3 09:07", t.Render(NoVariables, () => new DateTime(2025, 3, 5, 9, 7, 0)));
        Assert.Contains("unsupported directive '%Q'", Assert.ThrowsAny<TemplateException>(() => Template.Parse("{{ strftime_now('%Q') }}").Render(NoVariables)).Message);
    }

    [Fact]
    public void Values_cannot_nest_without_bound_or_contain_themselves()
    {
        Assert.Contains("nested deeper than 200 levels", Fails("{% set ns = namespace(x=[]) %}{% for i in range(1000) %}{% set ns.x = [ns.x] %}{% endfor %}{{ ns.x }}").Message);
        Assert.Contains("nested deeper than", Fails("{% set ns = namespace(d={}) %}{% for i in range(1000) %}{% set ns.d = dict(a=ns.d) %}{% endfor %}").Message);
        Assert.Contains("cannot hold a namespace", Fails("{% set ns = namespace() %}{% set ns.self = [ns] %}{{ ns }}").Message);
        Assert.Contains("cannot hold a namespace", Fails("{% set a = namespace() %}{% set b = namespace(other=a) %}").Message);
    }
}
