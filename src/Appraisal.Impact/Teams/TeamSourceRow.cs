namespace Appraisal.Impact.Teams;

/// <summary>One row of a team file as its source read it: the row number as a spreadsheet shows it, and its cells by column.</summary>
/// <param name="Problem">A fault the source found in the row itself (malformed CSV quoting), or null.</param>
internal sealed record TeamSourceRow(int Number, TeamCell[] Cells, Policy.Text.Bilingual? Problem = null);
