namespace SharpAlign;

/// <summary>
/// Bad input from the user: a file, a config value, a tensor, a row. The message names the
/// place (file, line, field or tensor) and what was expected, and is shown as is, without a
/// stack trace. Throw this, not a generic exception, wherever the cause is the input.
/// </summary>
public class InputException : Exception
{
    /// <summary>Creates the exception with a message fit to show to the user.</summary>
    public InputException(string message) : base(message) { }

    /// <summary>Creates the exception wrapping the low-level cause.</summary>
    public InputException(string message, Exception inner) : base(message, inner) { }
}
