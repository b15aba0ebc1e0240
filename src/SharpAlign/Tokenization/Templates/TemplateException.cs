namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// A chat template that cannot be parsed or rendered: a syntax error, an unsupported construct,
/// a type error, a sandbox limit reached. The message names the template, the line:column and
/// the construct; the CLI shows it without a stack trace.
/// </summary>
public class TemplateException : InputException
{
    /// <summary>Creates the exception with a message that already names the position.</summary>
    public TemplateException(string message) : base(message) { }

    /// <summary>Formats "template NAME, line L:C: what" for a position in the template source.</summary>
    public static TemplateException At(string templateName, SourcePosition position, string what) =>
        new($"chat template {templateName}, line {position}: {what}");
}

/// <summary>
/// The template called <c>raise_exception(message)</c>: the template itself rejected its input
/// (e.g. "Conversation roles must alternate"). <see cref="TemplateMessage"/> is the template's text.
/// </summary>
public sealed class TemplateRaisedException : TemplateException
{
    /// <summary>The message the template passed to <c>raise_exception</c>.</summary>
    public string TemplateMessage { get; }

    /// <summary>Creates the exception for a message raised by the template.</summary>
    public TemplateRaisedException(string templateName, SourcePosition position, string templateMessage)
        : base($"chat template {templateName} raised an error at line {position}: {templateMessage}") =>
        TemplateMessage = templateMessage;
}

/// <summary>A 1-based line and column in the template source.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{Line}:{Column}";
}
