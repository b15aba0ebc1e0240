namespace SharpAlign.Tokenization.Templates;

/// <summary>Kinds of lexical tokens in a template.</summary>
internal enum TokenKind
{
    /// <summary>Literal text between tags (whitespace control already applied).</summary>
    Text,
    /// <summary><c>{{</c></summary>
    VariableBegin,
    /// <summary><c>}}</c></summary>
    VariableEnd,
    /// <summary><c>{%</c></summary>
    BlockBegin,
    /// <summary><c>%}</c></summary>
    BlockEnd,
    /// <summary>An identifier or keyword.</summary>
    Name,
    /// <summary>A string literal (value already unescaped).</summary>
    String,
    /// <summary>An integer literal.</summary>
    Integer,
    /// <summary>A float literal.</summary>
    Float,
    /// <summary>An operator or punctuation.</summary>
    Operator,
    /// <summary>End of the template.</summary>
    End,
}

/// <summary>One token with its text (or unescaped value) and where it starts.</summary>
internal readonly record struct TemplateToken(TokenKind Kind, string Value, SourcePosition Position)
{
    /// <summary>True for the operator <paramref name="op"/>.</summary>
    public bool IsOperator(string op) => Kind == TokenKind.Operator && Value == op;

    /// <summary>True for the name or keyword <paramref name="name"/>.</summary>
    public bool IsName(string name) => Kind == TokenKind.Name && Value == name;

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of template",
        TokenKind.Text => "text",
        TokenKind.String => "string literal",
        TokenKind.VariableBegin => "'{{'",
        TokenKind.VariableEnd => "'}}'",
        TokenKind.BlockBegin => "'{%'",
        TokenKind.BlockEnd => "'%}'",
        _ => $"'{Value}'",
    };
}
