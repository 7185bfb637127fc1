namespace Appraisal.Policy.Semantics;

public enum SymbolKind
{
    Input, Parameter, Constraint, Enum, EnumMember, Record, Table, Definition, Scorecard, ScorecardItem, Gate, Veto,
    Levels, Escalation, Rank, Distribution, Selection, Output, Local,
}
