namespace Appraisal.Engine.Statements;

/// <summary>A table row that served a rule: the rule, the table with its arguments, the row and what it gave.</summary>
internal sealed record StatementTable(string Rule, string Table, string Arguments, int Row, string RowText, string Result);
