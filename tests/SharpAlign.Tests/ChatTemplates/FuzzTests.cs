using SharpAlign.Tokenization.Templates;

namespace SharpAlign.Tests.ChatTemplates;

/// <summary>
/// Seeded random templates assembled from Jinja fragments: parsing and rendering either succeed or fail
/// with a TemplateException/InputException — never another exception type (a crash inside the engine).
/// </summary>
public class FuzzTests
{
    private static readonly string[] Fragments =
    [
        "{{", "}}", "{%", "%}", "{#", "#}", "{%-", "-%}", "{{-", "-}}", " ", "\n", "  ", "text", "for", "in", "endfor", "if", "elif",
        "else", "endif", "set", "=", "x", "messages", "m", "loop", "index", ".", "[", "]", "(", ")", "{", "}", ",", ":", "|", "trim",
        "length", "tojson", "default", "join", "is", "not", "defined", "string", "none", "'a'", "\"b\"", "0", "1", "-1", "2.5", "+",
        "-", "*", "/", "//", "%", "**", "~", "==", "!=", "<", ">", "and", "or", "namespace", "ns", "range", "macro", "endmacro",
        "break", "continue", "content", "role", "::-1", "raise_exception", "strftime_now", "items", "get", "'%d'", "selectattr", "map",
    ];

    [Fact]
    public void Random_templates_never_crash_the_engine()
    {
        var rng = new Random(20240726);
        var limits = new TemplateLimits { MaxLoopIterations = 10_000, MaxOutputChars = 100_000, MaxRecursionDepth = 50 };
        var variables = new Dictionary<string, object?>
        {
            ["messages"] = new List<object?>
            {
                new Dictionary<string, object?> { ["role"] = "user", ["content"] = "hi" },
                new Dictionary<string, object?> { ["role"] = "assistant", ["content"] = null },
            },
            ["x"] = 3,
        };
        int rendered = 0;
        for (int i = 0; i < 4000; i++)
        {
            var source = string.Concat(Enumerable.Range(0, rng.Next(1, 30)).Select(_ => Fragments[rng.Next(Fragments.Length)] + (rng.Next(3) == 0 ? " " : "")));
            try
            {
                Template.Parse(source, "fuzz", limits).Render(variables, () => new DateTime(2024, 1, 1));
                rendered++;
            }
            catch (InputException)
            {
                // Rejected with a clear message: fine.
            }
            catch (Exception e)
            {
                Assert.Fail($"template {source} crashed with {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(rendered > 100, $"only {rendered} of the random templates rendered; the generator is too destructive to test rendering");
    }
}
