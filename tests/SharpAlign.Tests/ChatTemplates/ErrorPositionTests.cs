using SharpAlign.Tokenization.Templates;

namespace SharpAlign.Tests.ChatTemplates;

/// <summary>Syntax errors and unsupported constructs name what is wrong and where (line:column, 1-based).</summary>
public class ErrorPositionTests
{
    private static string ParseError(string source) =>
        Assert.ThrowsAny<TemplateException>(() => Template.Parse(source, "tpl")).Message;

    private static string RenderError(string source, Dictionary<string, object?>? variables = null) =>
        Assert.ThrowsAny<TemplateException>(() => Template.Parse(source, "tpl").Render(variables ?? [])).Message;

    [Theory]
    [InlineData("{% for x in xs %}\n{{ x }}", "line 2:8", "expected '{% endfor %}' or '{% else %}'")]
    [InlineData("a\n\n  {{ x | frobnicate }}", "line 3:10", "unsupported filter 'frobnicate'")]
    [InlineData("{% if x is prime %}{% endif %}", "line 1:12", "unsupported test 'prime'")]
    [InlineData("{% while true %}{% endwhile %}", "line 1:4", "unsupported construct '{% while %}'")]
    [InlineData("{% raw %}{{ x }}{% endraw %}", "line 1:4", "unsupported construct '{% raw %}'")]
    [InlineData("{% for x in xs recursive %}{% endfor %}", "line 1:16", "unsupported construct 'recursive' loop")]
    [InlineData("{{ f(*args) }}", "line 1:6", "*args/**kwargs")]
    [InlineData("x\n{{ 'abc }}", "line 2:4", "string literal is never closed")]
    [InlineData("{{ x ", "line 1:1", "'{{' is never closed")]
    [InlineData("{# comment", "line 1:1", "comment '{#' is never closed")]
    [InlineData("{% endif %}", "line 1:4", "unexpected '{% endif %}'")]
    [InlineData("{{ 1 + }}", "line 1:8", "expected an expression, found '}}'")]
    [InlineData("{{ a $ b }}", "line 1:6", "unexpected character '$'")]
    [InlineData("{% set %}", "line 1:8", "expected a name")]
    [InlineData("{% if true %}\n {% break %}{% endif %}", "line 2:5", "'{% break %}' outside a for loop")]
    [InlineData("{% for x in y %}{% macro m() %}{% continue %}{% endmacro %}{% endfor %}", "line 1:35", "'{% continue %}' outside a for loop")]
    public void Parse_errors_name_the_problem_and_position(string source, string position, string what)
    {
        var message = ParseError(source);
        Assert.Contains($"chat template tpl, line {position.Replace("line ", "")}", message);
        Assert.Contains(what, message);
    }

    [Fact]
    public void Runtime_errors_name_the_position()
    {
        Assert.Equal("chat template tpl, line 2:4: 'foo' is undefined", RenderError("ok\n{{ foo.bar }}"));
        Assert.Contains("line 1:8", RenderError("{{ 'a' + 1 }}"));
        Assert.Contains("unsupported operand type(s) for +: 'str' and 'int'", RenderError("{{ 'a' + 1 }}"));
        Assert.Contains("line 1:13: 'int' object is not iterable", RenderError("{% for x in 5 %}{% endfor %}"));
        Assert.Contains("'dict object' has no attribute 'x'", RenderError("{{ d.x.y }}", new() { ["d"] = new Dictionary<string, object?>() }));
    }

    [Fact]
    public void Unsupported_printf_formatting_is_named()
    {
        Assert.Contains("printf-style string formatting", RenderError("{{ '%s' % 'x' }}"));
    }
}
