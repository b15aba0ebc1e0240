namespace SharpAlign.Tokenization.Templates;

// The syntax tree of a parsed template: statements (Node) and expressions (Expr). Plain data;
// TemplateParser builds it, TemplateEvaluator walks it. Every node keeps its source position
// so runtime errors can name line:column.

/// <summary>A statement or piece of output.</summary>
internal abstract record Node(SourcePosition Position);

/// <summary>Literal text.</summary>
internal sealed record TextNode(SourcePosition Position, string Text) : Node(Position);

/// <summary><c>{{ expr }}</c></summary>
internal sealed record OutputNode(SourcePosition Position, Expr Value) : Node(Position);

/// <summary><c>{% if %}…{% elif %}…{% else %}…{% endif %}</c></summary>
internal sealed record IfNode(SourcePosition Position, IReadOnlyList<(Expr Condition, IReadOnlyList<Node> Body)> Branches, IReadOnlyList<Node>? Else) : Node(Position);

/// <summary><c>{% for a, b in iter if cond %}…{% else %}…{% endfor %}</c></summary>
internal sealed record ForNode(SourcePosition Position, IReadOnlyList<string> Targets, bool TupleTarget, Expr Iterable, Expr? Filter,
    IReadOnlyList<Node> Body, IReadOnlyList<Node>? Else) : Node(Position);

/// <summary><c>{% set a = expr %}</c>, <c>{% set a, b = expr %}</c> or <c>{% set ns.attr = expr %}</c> (<see cref="Namespace"/> set).</summary>
internal sealed record SetNode(SourcePosition Position, IReadOnlyList<string> Targets, bool TupleTarget, string? Namespace, Expr Value) : Node(Position);

/// <summary><c>{% set name | filters %}body{% endset %}</c>: captures rendered text.</summary>
internal sealed record SetBlockNode(SourcePosition Position, string Target, IReadOnlyList<FilterExpr> Filters, IReadOnlyList<Node> Body) : Node(Position);

/// <summary><c>{% macro name(params) %}…{% endmacro %}</c></summary>
internal sealed record MacroNode(SourcePosition Position, string Name, IReadOnlyList<(string Name, Expr? Default)> Parameters, IReadOnlyList<Node> Body) : Node(Position);

/// <summary><c>{% call macro(args) %}…{% endcall %}</c>: calls the macro with <c>caller()</c> rendering the body.</summary>
internal sealed record CallBlockNode(SourcePosition Position, CallExpr Call, IReadOnlyList<Node> Body) : Node(Position);

/// <summary><c>{% break %}</c> or <c>{% continue %}</c> (the loopcontrols extension).</summary>
internal sealed record LoopControlNode(SourcePosition Position, bool IsBreak) : Node(Position);

/// <summary>A body rendered in place: transformers' <c>{% generation %}</c> block.</summary>
internal sealed record GroupNode(SourcePosition Position, IReadOnlyList<Node> Body) : Node(Position);

/// <summary>An expression.</summary>
internal abstract record Expr(SourcePosition Position);

/// <summary>A literal.</summary>
internal sealed record ConstExpr(SourcePosition Position, TemplateValue Value) : Expr(Position);

/// <summary>A variable.</summary>
internal sealed record NameExpr(SourcePosition Position, string Name) : Expr(Position);

/// <summary><c>[a, b]</c> or <c>(a, b)</c></summary>
internal sealed record ListExpr(SourcePosition Position, IReadOnlyList<Expr> Items, bool IsTuple) : Expr(Position);

/// <summary><c>{k: v}</c></summary>
internal sealed record DictExpr(SourcePosition Position, IReadOnlyList<(Expr Key, Expr Value)> Items) : Expr(Position);

/// <summary><c>target.name</c></summary>
internal sealed record AttrExpr(SourcePosition Position, Expr Target, string Name) : Expr(Position);

/// <summary><c>target[index]</c></summary>
internal sealed record ItemExpr(SourcePosition Position, Expr Target, Expr Index) : Expr(Position);

/// <summary><c>target[start:stop:step]</c></summary>
internal sealed record SliceExpr(SourcePosition Position, Expr Target, Expr? Start, Expr? Stop, Expr? Step) : Expr(Position);

/// <summary><c>callee(args, name=value)</c></summary>
internal sealed record CallExpr(SourcePosition Position, Expr Callee, IReadOnlyList<Expr> Args, IReadOnlyList<(string Name, Expr Value)> Kwargs) : Expr(Position);

/// <summary><c>target | name(args)</c></summary>
internal sealed record FilterExpr(SourcePosition Position, Expr Target, string Name, IReadOnlyList<Expr> Args, IReadOnlyList<(string Name, Expr Value)> Kwargs) : Expr(Position);

/// <summary><c>target is [not] name(args)</c></summary>
internal sealed record TestExpr(SourcePosition Position, Expr Target, string Name, IReadOnlyList<Expr> Args, bool Negated) : Expr(Position);

/// <summary><c>-x</c>, <c>+x</c>, <c>not x</c></summary>
internal sealed record UnaryExpr(SourcePosition Position, string Op, Expr Operand) : Expr(Position);

/// <summary>Arithmetic, <c>~</c>, <c>and</c>, <c>or</c>.</summary>
internal sealed record BinaryExpr(SourcePosition Position, string Op, Expr Left, Expr Right) : Expr(Position);

/// <summary>A comparison chain <c>a &lt; b == c</c>, including <c>in</c> and <c>not in</c> ("notin").</summary>
internal sealed record CompareExpr(SourcePosition Position, Expr First, IReadOnlyList<(string Op, Expr Operand)> Rest) : Expr(Position);

/// <summary><c>then if test else otherwise</c> (otherwise may be absent: undefined).</summary>
internal sealed record CondExpr(SourcePosition Position, Expr Test, Expr Then, Expr? Otherwise) : Expr(Position);
