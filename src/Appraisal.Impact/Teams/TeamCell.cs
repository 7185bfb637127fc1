namespace Appraisal.Impact.Teams;

/// <summary>
/// One cell as read: its text (a number's stored text, exact — never through a double; a boolean as <c>1</c>/<c>0</c>;
/// a date-styled number as its serial) and what kind of cell it was.
/// </summary>
internal readonly record struct TeamCell(string Text, TeamCellKind Kind = TeamCellKind.Text)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Text);
}
