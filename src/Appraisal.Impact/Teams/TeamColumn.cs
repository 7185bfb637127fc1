namespace Appraisal.Impact.Teams;

/// <summary>One column of a team file: its position, letter, header as written and what it holds.</summary>
public sealed record TeamColumn(int Index, string Letter, string Header, TeamColumnRole Role);
