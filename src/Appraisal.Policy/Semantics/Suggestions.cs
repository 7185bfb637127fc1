namespace Appraisal.Policy.Semantics;

/// <summary>
/// "Did you mean": the declared names closest to a name that is not defined, by edit distance (insertions, deletions,
/// substitutions and swaps of neighbouring characters, each 1). A name is close when at most a third of its characters
/// (and at least one) differ; the closest three are offered, nearest first, then in declaration order.
/// </summary>
public static class Suggestions
{
    public const int MaxShown = 3;

    public static IReadOnlyList<string> Closest(string name, IEnumerable<string> candidates)
    {
        if (name.Length == 0) return [];
        var limit = Math.Max(1, name.Length / 3);
        return candidates.Distinct(StringComparer.Ordinal)
            .Where(c => c != name && Math.Abs(c.Length - name.Length) <= limit)
            .Select((c, order) => (Name: c, Distance: Distance(name, c), Order: order))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance).ThenBy(c => c.Order)
            .Take(MaxShown)
            .Select(c => c.Name)
            .ToList();
    }

    /// <summary>The names as a hint argument: <c>'a'</c>, <c>'a' or 'b'</c>, <c>'a', 'b' or 'c'</c>.</summary>
    public static string Join(IReadOnlyList<string> names, bool chinese) => names.Count switch
    {
        1 => $"'{names[0]}'",
        _ => string.Join(chinese ? "、" : ", ", names.Take(names.Count - 1).Select(n => $"'{n}'")) + (chinese ? " 或 " : " or ") + $"'{names[^1]}'",
    };

    /// <summary>Optimal string alignment distance.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
