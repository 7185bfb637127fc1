using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Evaluation;

/// <summary>
/// Rules over a group evaluated together. Each member's key is evaluated in its own activation, then:
/// <list type="bullet">
/// <item><c>rank</c>: 1 is the best; equal keys share a rank and the next rank skips (1, 2, 2, 4).</item>
/// <item><c>distribute</c> (forced distribution, e.g. 2:7:1): in order of the key, the first grades take
/// round-half-up(n × share) places each (never more than are left), the last grade takes the rest. Members tied
/// on a boundary all take the grade of the group's best place (<c>ties higher</c>) or worst place (<c>ties lower</c>).</item>
/// <item><c>select</c>: among members where the condition holds, those with the highest (lowest) key; ties are all selected.</item>
/// </list>
/// </summary>
public static class Population
{
    public static void Apply(PopulationRule rule, IReadOnlyList<Activation> members)
    {
        var keys = members.Select(m => rule.By.Eval(m)).ToArray();
        switch (rule.Declaration)
        {
            case RankDecl rank:
            {
                var order = Order(keys, rank.Direction);
                for (var position = 0; position < order.Length; position++)
                {
                    var first = position;
                    while (first > 0 && keys[order[first - 1]].Equals(keys[order[position]])) first--;
                    var member = members[order[position]];
                    var last = member.Tracer is null ? position : Tied(keys, order, position);
                    member.Preset(rule.Slot, Value.Of((decimal)(first + 1)),
                        member.Tracer is null ? null : new PopulationPlacement(position + 1, order.Length, keys[order[position]], first + 1, last + 1));
                }
                break;
            }
            case DistributeDecl distribute:
            {
                var weights = distribute.Shares.Select(s => s.Weight).ToArray();
                var grades = Distribute(keys, distribute.Direction, weights, distribute.Ties);
                var type = (EnumType)rule.Type;
                if (members.All(m => m.Tracer is null))
                {
                    for (var i = 0; i < members.Count; i++) members[i].Preset(rule.Slot, Value.Of(type, grades[i]), null);
                    break;
                }
                var quotas = Quotas(keys.Length, weights);
                var order = Order(keys, distribute.Direction);
                for (var position = 0; position < order.Length; position++)
                {
                    var first = position;
                    while (first > 0 && keys[order[first - 1]].Equals(keys[order[position]])) first--;
                    var i = order[position];
                    members[i].Preset(rule.Slot, Value.Of(type, grades[i]), members[i].Tracer is null ? null
                        : new PopulationPlacement(position + 1, order.Length, keys[i], first + 1, Tied(keys, order, position) + 1, quotas));
                }
                break;
            }
            case SelectDecl select:
            {
                var eligible = rule.Where is null ? members.Select(_ => true).ToArray() : members.Select(m => rule.Where.Eval(m).AsBool).ToArray();
                Value? best = null;
                for (var i = 0; i < keys.Length; i++)
                {
                    if (!eligible[i]) continue;
                    var better = best is null || (select.Extreme == Extreme.Highest ? keys[i].CompareTo(best.Value) > 0 : keys[i].CompareTo(best.Value) < 0);
                    if (better) best = keys[i];
                }
                for (var i = 0; i < members.Count; i++)
                    members[i].Preset(rule.Slot, Value.Of(eligible[i] && best is { } b && keys[i].Equals(b)),
                        members[i].Tracer is null ? null : new PopulationPlacement(0, members.Count, keys[i], 0, 0, Best: best, Eligible: eligible[i]));
                break;
            }
        }
    }

    /// <summary>Member indices, best first; equal keys keep the order the members were given in.</summary>
    private static int[] Order(Value[] keys, SortDirection direction)
    {
        var indices = Enumerable.Range(0, keys.Length).ToArray();
        var sign = direction == SortDirection.Descending ? -1 : 1;
        return indices.OrderBy(i => i, Comparer<int>.Create((x, y) =>
        {
            var c = sign * keys[x].CompareTo(keys[y]);
            return c != 0 ? c : x.CompareTo(y);
        })).ToArray();
    }

    /// <summary>The last place (0-based, in <paramref name="order"/>) of the members whose key equals the one at <paramref name="position"/>.</summary>
    private static int Tied(Value[] keys, int[] order, int position)
    {
        var last = position;
        while (last + 1 < order.Length && keys[order[last + 1]].Equals(keys[order[position]])) last++;
        return last;
    }

    /// <summary>
    /// The places of each grade of a forced distribution of <paramref name="n"/> members: round-half-up(n × share) for
    /// each grade but the last (never more than are left), the rest for the last.
    /// </summary>
    public static int[] Quotas(int n, decimal[] weights)
    {
        var total = weights.Sum();
        var quotas = new int[weights.Length];
        var left = n;
        for (var g = 0; g < weights.Length - 1; g++)
        {
            quotas[g] = Math.Min(left, (int)Math.Round(n * weights[g] / total, MidpointRounding.AwayFromZero));
            left -= quotas[g];
        }
        quotas[^1] = left;
        return quotas;
    }

    /// <summary>The grade index of each member under a forced distribution.</summary>
    public static int[] Distribute(Value[] keys, SortDirection direction, decimal[] weights, TieRule ties)
    {
        var n = keys.Length;
        var order = Order(keys, direction);
        var quotas = Quotas(n, weights);

        var byPlace = new int[n];
        var place = 0;
        for (var g = 0; g < quotas.Length; g++)
        {
            for (var k = 0; k < quotas[g]; k++) byPlace[place++] = g;
        }

        var grades = new int[n];
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && keys[order[end + 1]].Equals(keys[order[start]])) end++;
            var grade = ties == TieRule.Higher ? byPlace[start] : byPlace[end];
            for (var p = start; p <= end; p++) grades[order[p]] = grade;
            start = end + 1;
        }
        return grades;
    }
}
