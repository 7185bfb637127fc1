using System.Collections.Immutable;

namespace Appraisal.Policy.Editing;

/// <summary>A diagnostic as an editor shows it: the same code, message and hint as <c>policy check</c> prints.</summary>
public sealed record EditorDiagnostic(LineRange Range, bool IsError, string Code, string Message, string? Hint);

/// <summary>A place in a document: the document's URI and a range in it.</summary>
public sealed record EditorLocation(string Uri, LineRange Range);

/// <summary>What hovering over a name shows: Markdown, and the range of the name it is about.</summary>
public sealed record HoverInfo(LineRange Range, string Markdown);

public enum CompletionKind { Keyword, Value, Table, Function, Enum, EnumMember, Field, Type, Unit, Snippet }

/// <param name="InsertText">Text to insert instead of the label; for a <see cref="CompletionKind.Snippet"/> it uses
/// the protocol's snippet syntax (<c>${1:名称}</c>).</param>
public sealed record CompletionEntry(string Label, CompletionKind Kind, string? Detail = null, string? InsertText = null);

public enum OutlineKind
{
    Include, Enum, EnumMember, Record, Field, Input, Parameter, Constraint, Table, Definition, Scorecard, ScorecardItem,
    Rule, Level, Output, Test,
}

/// <summary>One entry of a document's outline. <see cref="Range"/> covers the whole declaration; <see cref="NameRange"/> its name.</summary>
public sealed record OutlineSymbol(string Name, string? Detail, OutlineKind Kind, LineRange Range, LineRange NameRange,
    ImmutableArray<OutlineSymbol> Children);

/// <summary>Replace <see cref="Range"/> with <see cref="NewText"/>.</summary>
public sealed record EditorTextEdit(LineRange Range, string NewText);

/// <summary>
/// A quick fix: a diagnostic's plain fix (<see cref="Diagnostics.DiagnosticFix"/>) as edits of the document, with the
/// diagnostic it resolves. <see cref="IsPreferred"/> when it is the diagnostic's only fix (an editor may apply it on "fix all").
/// </summary>
public sealed record EditorCodeAction(string Title, EditorDiagnostic Diagnostic, ImmutableArray<EditorTextEdit> Edits, bool IsPreferred);
