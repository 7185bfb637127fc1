using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>The derivation of every output, as data; <see cref="ExplanationText"/> renders it for people.</summary>
public sealed record Explanation(IReadOnlyList<Derivation> Outputs, IReadOnlyDictionary<PopulationRule, Value> Population)
{
    /// <summary>Where this member stood in each rule over the group (its place, the group's size, quotas, ties).</summary>
    public IReadOnlyDictionary<PopulationRule, PopulationPlacement> Placements { get; init; } = new Dictionary<PopulationRule, PopulationPlacement>();

    /// <summary>Every derivation once, depth first from the outputs (without recursion: a chain may be long).</summary>
    public IEnumerable<Derivation> AllDerivations()
    {
        var seen = new HashSet<Derivation>();
        var work = new Stack<IEnumerator<Derivation>>();
        work.Push(Outputs.GetEnumerator());
        while (work.Count > 0)
        {
            var next = work.Peek();
            if (!next.MoveNext())
            {
                work.Pop();
                continue;
            }
            var derivation = next.Current;
            if (!seen.Add(derivation)) continue;
            yield return derivation;
            work.Push(derivation.Uses.GetEnumerator());
        }
    }
}
