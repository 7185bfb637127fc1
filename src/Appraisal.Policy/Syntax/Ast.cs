using System.Collections.Immutable;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Syntax;

// The abstract syntax tree: immutable records built by AstBuilder from the ANTLR parse tree.
// Names are not resolved here; NameResolution binds them in a separate pass.
// Side tables key nodes by reference (ReferenceEqualityComparer), never by record equality.

public abstract record Node(TextSpan Span);

public sealed record Name(string Text, TextSpan Span) : Node(Span)
{
    public override string ToString() => Text;
}

public sealed record Comment(string Text, TextSpan Span) : Node(Span);

public enum FileKind { Policy, Library }

public sealed record PolicyFile(
    SourceText Source,
    FileKind Kind,
    Name? Name,
    string? Version,
    Name? Period,
    DateOnly? Effective,
    ImmutableArray<Declaration> Declarations,
    ImmutableArray<Comment> Comments,
    TextSpan Span) : Node(Span);

// ---------------------------------------------------------------------------------------------
// Declarations

public abstract record Declaration(TextSpan Span) : Node(Span);

/// <summary>A declaration that introduces a name into the policy's scope.</summary>
public abstract record NamedDeclaration(Name Name, TextSpan Span) : Declaration(Span);

public sealed record IncludeDecl(string Path, TextSpan Span) : Declaration(Span);

/// <summary>A citation of the source document; it applies to the declarations that follow it.</summary>
public sealed record SourceDecl(string Citation, TextSpan Span) : Declaration(Span);

public sealed record EnumDecl(Name Name, ImmutableArray<Name> Members, TextSpan Span) : NamedDeclaration(Name, Span);

public sealed record RecordDecl(Name Name, ImmutableArray<FieldDecl> Fields, TextSpan Span) : NamedDeclaration(Name, Span);

public sealed record InputDecl(ImmutableArray<FieldDecl> Fields, TextSpan Span) : Declaration(Span);

public sealed record RangeSpec(Expr Low, Expr High);

/// <summary>
/// A typed field: an input, a record field, a parameter or a table column. An <paramref name="IsOptional"/> input or
/// record field may be left out: it is then not given (a rule tests it with <c>given(x)</c>), and its range applies
/// only to a given value.
/// </summary>
public sealed record FieldDecl(Name Name, TypeRef Type, RangeSpec? Range, Expr? Default, string? Description, TextSpan Span,
    bool IsOptional = false) : NamedDeclaration(Name, Span);

public sealed record DatedValue(DateOnly From, Expr Value, TextSpan Span) : Node(Span);

public sealed record ParamDecl(FieldDecl Field, ImmutableArray<DatedValue> DatedValues, TextSpan Span)
    : NamedDeclaration(Field.Name, Span);

public sealed record ConstraintDecl(Name Name, Expr Condition, string? Message, TextSpan Span) : NamedDeclaration(Name, Span);

public enum HitPolicy { Unique, First, CollectSum }

public sealed record TableDecl(
    Name Name, ImmutableArray<FieldDecl> Columns, TypeRef Result, HitPolicy HitPolicy, bool HitPolicyWritten,
    ImmutableArray<TableRow> Rows, TextSpan Span) : NamedDeclaration(Name, Span);

/// <summary>A table row; <see cref="Cells"/> is empty for the 'else' row.</summary>
public sealed record TableRow(ImmutableArray<Cell> Cells, bool IsElse, Expr Result, TextSpan Span) : Node(Span);

public abstract record Cell(TextSpan Span) : Node(Span);
public sealed record AnyCell(TextSpan Span) : Cell(Span);
public sealed record TestCell(ImmutableArray<UnaryTest> Tests, TextSpan Span) : Cell(Span);

public enum CompareOp { Lt, Le, Gt, Ge, Eq, Ne }

public abstract record UnaryTest(TextSpan Span) : Node(Span);
public sealed record CompareTest(CompareOp Op, Expr Value, TextSpan Span) : UnaryTest(Span);
public sealed record RangeTest(Expr Low, Expr High, bool HighOpen, TextSpan Span) : UnaryTest(Span);
public sealed record EqualTest(Expr Value, TextSpan Span) : UnaryTest(Span);

public sealed record UnlessClause(Expr Condition, Expr Value, TextSpan Span) : Node(Span);

public sealed record LetDecl(Name Name, TypeRef? Type, Expr Value, ImmutableArray<UnlessClause> Exceptions, TextSpan Span)
    : NamedDeclaration(Name, Span);

public enum EntryKind { Item, Deduct, Add }

public sealed record ScorecardEntry(
    EntryKind Kind, Name Name, Expr? Weight, Expr? Max, Expr Value, Expr? Floor, Expr? Cap, TextSpan Span) : Node(Span);

public sealed record ScorecardDecl(Name Name, Expr Total, Expr? Floor, ImmutableArray<ScorecardEntry> Entries, TextSpan Span)
    : NamedDeclaration(Name, Span);

/// <summary>A named requirement; the label and description explain it when it fails.</summary>
public sealed record Condition(Name? Label, Expr Test, string? Description, TextSpan Span) : Node(Span);

public enum GateKind { Single, All, Any }

public sealed record GateDecl(Name Name, GateKind Kind, ImmutableArray<Condition> Conditions, string? Otherwise, TextSpan Span)
    : NamedDeclaration(Name, Span);

public sealed record Assignment(Name Target, Expr Value, TextSpan Span) : Node(Span);

public sealed record VetoDecl(Name Name, Expr When, ImmutableArray<Assignment> Overrides, string? Message, TextSpan Span)
    : NamedDeclaration(Name, Span);

public sealed record LevelDef(Name Name, ImmutableArray<Condition> Requirements, TextSpan Span) : Node(Span);

public sealed record LevelsDecl(Name Name, TypeRef Type, Expr? Current, Expr? Step, ImmutableArray<LevelDef> Levels, TextSpan Span)
    : NamedDeclaration(Name, Span);

/// <summary>
/// A share that moves over earlier periods: starts at <see cref="Start"/>, rises by <see cref="Step"/>
/// after each earlier period where <see cref="StepWhen"/> held (up to <see cref="Cap"/>), and returns
/// to the start after one where <see cref="ResetWhen"/> held.
/// </summary>
public sealed record EscalationDecl(
    Name Name, TypeRef Type, Expr Start, Expr Step, Expr StepWhen, Expr? Cap, Expr? ResetWhen, TextSpan Span)
    : NamedDeclaration(Name, Span);

public enum SortDirection { Descending, Ascending }

public sealed record RankDecl(Name Name, Expr By, SortDirection Direction, bool DirectionWritten, TextSpan Span)
    : NamedDeclaration(Name, Span);

public sealed record Share(Name Value, decimal Weight, TextSpan Span) : Node(Span);

public enum TieRule { Higher, Lower }

public sealed record DistributeDecl(
    Name Name, TypeRef Type, Expr By, SortDirection Direction, bool DirectionWritten, ImmutableArray<Share> Shares,
    TieRule Ties, TextSpan Span) : NamedDeclaration(Name, Span);

public enum Extreme { Highest, Lowest }

public sealed record SelectDecl(Name Name, Expr By, Extreme Extreme, Expr? Where, TextSpan Span) : NamedDeclaration(Name, Span);

public sealed record RoundSpec(Expr Precision, Name? Mode, TextSpan Span) : Node(Span);

public sealed record OutputDecl(
    Name Name, TypeRef Type, RoundSpec? Round, Expr Value, ImmutableArray<UnlessClause> Exceptions, TextSpan Span)
    : NamedDeclaration(Name, Span);

public abstract record TestClause(TextSpan Span) : Node(Span);
public sealed record TestPeriod(PeriodLiteral Period, TextSpan Span) : TestClause(Span);
public sealed record TestHistory(PeriodLiteral Period, RecordExpr Outputs, TextSpan Span) : TestClause(Span);
public sealed record TestGiven(string? Subject, RecordExpr Facts, TextSpan Span) : TestClause(Span);
public sealed record TestExpect(string? Subject, RecordExpr Outputs, TextSpan Span) : TestClause(Span);
/// <summary><c>expect violated 约束</c>: the facts given break a constraint on inputs, so they are rejected before any rule runs.</summary>
public sealed record TestViolated(string? Subject, Name Constraint, TextSpan Span) : TestClause(Span);

public sealed record TestDecl(string Title, ImmutableArray<TestClause> Clauses, TextSpan Span) : Declaration(Span);

// ---------------------------------------------------------------------------------------------
// Types

public abstract record TypeRef(TextSpan Span) : Node(Span);
public sealed record NamedTypeRef(Name Name, TextSpan Span) : TypeRef(Span);
public sealed record ListTypeRef(TypeRef Element, TextSpan Span) : TypeRef(Span);
/// <summary>A quotient of two units, <c>points / money</c>: a derived unit written as a type.</summary>
public sealed record RatioTypeRef(NamedTypeRef Numerator, NamedTypeRef Denominator, TextSpan Span) : TypeRef(Span);

// ---------------------------------------------------------------------------------------------
// Expressions

public abstract record Expr(TextSpan Span) : Node(Span);

/// <summary>Stands where the parser could not build an expression; it has already been reported.</summary>
public sealed record ErrorExpr(TextSpan Span) : Expr(Span);

public enum LiteralUnit { None, Money, Points }

/// <summary>A number as written: <c>20</c>, <c>20 pts</c>, <c>20分</c>, <c>1000 yuan</c>, <c>¥1000</c>.</summary>
public sealed record NumberLiteral(decimal Value, LiteralUnit Unit, string Text, TextSpan Span) : Expr(Span);

/// <summary><c>5%</c>: <see cref="Value"/> is 5; its meaning is 0.05.</summary>
public sealed record PercentLiteral(decimal Value, string Text, TextSpan Span) : Expr(Span);

public enum DurationUnit { Minutes, Hours, Days }

public sealed record DurationLiteral(decimal Amount, DurationUnit Unit, string Text, TextSpan Span) : Expr(Span);

public sealed record DateLiteral(DateOnly Value, TextSpan Span) : Expr(Span);

public enum PeriodKind { Month, Quarter, Half, Year }

public sealed record PeriodLiteral(PeriodKind Kind, int Year, int Index, string Text, TextSpan Span) : Expr(Span);

public sealed record StringLiteral(string Value, TextSpan Span) : Expr(Span);

public sealed record BoolLiteral(bool Value, TextSpan Span) : Expr(Span);

public sealed record NameExpr(Name Name, TextSpan Span) : Expr(Span);

public sealed record MemberExpr(Expr Target, Name Member, TextSpan Span) : Expr(Span);

public sealed record CallExpr(Name Callee, ImmutableArray<Expr> Arguments, TextSpan Span) : Expr(Span);

public enum AggregateKind { Sum, Count, Min, Max, Any, All, Each }

/// <summary>
/// <c>sum(c in 投诉 where c.有效 : 投诉分(c.结果))</c>; <c>each(…)</c> is the list of the selector's values (or of the items
/// the <c>where</c> keeps), in the list's order.
/// </summary>
public sealed record AggregateExpr(
    AggregateKind Kind, Name Variable, Expr Source, Expr? Where, Expr? Selector, TextSpan Span) : Expr(Span);

public enum UnaryOp { Negate, Not }

public sealed record UnaryExpr(UnaryOp Op, Expr Operand, TextSpan Span) : Expr(Span);

public enum BinaryOp { Multiply, Divide, Each, Of, Add, Subtract, Lt, Le, Gt, Ge, Eq, Ne, And, Or }

public sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right, TextSpan Span) : Expr(Span);

public sealed record InRangeExpr(Expr Value, Expr Low, Expr High, TextSpan Span) : Expr(Span);

public sealed record IfExpr(Expr Condition, Expr Then, Expr Else, TextSpan Span) : Expr(Span);

public sealed record FieldValue(Name Name, Expr Value, TextSpan Span) : Node(Span);

public sealed record RecordExpr(ImmutableArray<FieldValue> Fields, TextSpan Span) : Expr(Span);

public sealed record ListExpr(ImmutableArray<Expr> Items, TextSpan Span) : Expr(Span);
