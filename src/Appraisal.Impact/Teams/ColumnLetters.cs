namespace Appraisal.Impact.Teams;

/// <summary>Spreadsheet column letters: 0 → <c>A</c>, 25 → <c>Z</c>, 26 → <c>AA</c>, and back.</summary>
public static class ColumnLetters
{
    public static string Of(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var letters = new Stack<char>();
        for (var n = index + 1; n > 0; n = (n - 1) / 26) letters.Push((char)('A' + (n - 1) % 26));
        return new string([.. letters]);
    }

    /// <summary>The column index of a cell reference such as <c>C5</c> or <c>AB12</c>; -1 when it has no letters.</summary>
    public static int IndexOf(string reference)
    {
        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            var upper = char.ToUpperInvariant(c);
            if (upper is < 'A' or > 'Z') break;
            index = index * 26 + (upper - 'A' + 1);
            letters++;
        }
        return letters == 0 ? -1 : index - 1;
    }
}
