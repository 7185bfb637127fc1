using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Testing;

/// <summary>
/// What a policy's tests exercised, read off their explanations: every table row hit, every scorecard entry that
/// counted (and every floor and cap that applied), each gate both passed and failed, each veto fired, each level
/// given, each exception applied, each grade of a forced distribution given, each selection both made and not.
/// </summary>
public static class Coverage
{
    public static IReadOnlyList<CoverageItem> Of(PolicyPlan plan, IEnumerable<Outcome> outcomes)
    {
        var derivations = new List<Derivation>();
        var population = new List<(PopulationRule Rule, Value Value)>();
        foreach (var outcome in outcomes)
        {
            if (outcome.Explanation is null) throw new ArgumentException("coverage needs outcomes evaluated with explanations", nameof(outcomes));
            derivations.AddRange(outcome.Explanation.AllDerivations());
            population.AddRange(outcome.Explanation.Population.Select(p => (p.Key, p.Value)));
        }

        var hits = derivations.SelectMany(d => d.TableHits).Select(h => (h.Table.Name, h.Row)).ToHashSet();
        var details = derivations.SelectMany(d => d.Details.Select(detail => (d.Rule, Detail: detail))).ToList();
        var items = new List<CoverageItem>();
        foreach (var table in plan.Tables)
        {
            for (var i = 0; i < table.Declaration.Rows.Length; i++)
            {
                var row = table.Declaration.Rows[i];
                items.Add(new CoverageItem("table row", table.Name, Text(row.Span), row.Span.StartPosition.Line, hits.Contains((table.Name, i + 1))));
            }
        }
        foreach (var rule in plan.Rules)
        {
            var mine = details.Where(d => d.Rule == rule).Select(d => d.Detail).ToList();
            var line = rule.Declaration.Name.Span.StartPosition.Line;
            switch (rule)
            {
                case ScorecardRule scorecard:
                    var scored = mine.OfType<ScorecardDetail>().SelectMany(d => d.Entries).ToList();
                    foreach (var entry in scorecard.Entries)
                    {
                        var name = entry.Entry.Name.Text;
                        var entryLine = entry.Entry.Span.StartPosition.Line;
                        var mineEntries = scored.Where(s => s.Plan == entry).ToList();
                        items.Add(new CoverageItem("scorecard entry", rule.Name, name, entryLine, mineEntries.Any(s => s.Final != 0)));
                        if (entry.Floor is not null)
                            items.Add(new CoverageItem("floor", rule.Name, name, entryLine, mineEntries.Any(s => s.Raw < s.Final)));
                        if (entry.Cap is not null)
                            items.Add(new CoverageItem("cap", rule.Name, name, entryLine, mineEntries.Any(s => s.Raw > s.Final)));
                    }
                    break;
                case GateRule:
                    var gates = mine.OfType<GateDetail>().ToList();
                    items.Add(new CoverageItem("gate passed", rule.Name, "passed", line, gates.Any(g => g.Passed)));
                    items.Add(new CoverageItem("gate failed", rule.Name, "failed", line, gates.Any(g => !g.Passed)));
                    break;
                case VetoRule:
                    items.Add(new CoverageItem("veto", rule.Name, "fired", line, mine.OfType<VetoDetail>().Any(v => v.Fired)));
                    break;
                case LevelsRule levels:
                    var given = mine.OfType<LevelsDetail>().Select(d => d.Result).ToHashSet();
                    foreach (var (index, _) in levels.Levels)
                        items.Add(new CoverageItem("level", rule.Name, ((Policy.Semantics.EnumType)rule.Type).Members[index], line, given.Contains(index)));
                    break;
                case PopulationRule when rule.Declaration is DistributeDecl:
                {
                    var grades = population.Where(p => p.Rule == rule).Select(p => p.Value.EnumIndex).ToHashSet();
                    var members = ((Policy.Semantics.EnumType)rule.Type).Members;
                    for (var i = 0; i < members.Length; i++) items.Add(new CoverageItem("grade", rule.Name, members[i], line, grades.Contains(i)));
                    break;
                }
                case PopulationRule when rule.Declaration is SelectDecl:
                {
                    var selected = population.Where(p => p.Rule == rule).Select(p => p.Value.AsBool).ToHashSet();
                    items.Add(new CoverageItem("selected", rule.Name, "selected", line, selected.Contains(true)));
                    items.Add(new CoverageItem("not selected", rule.Name, "not selected", line, selected.Contains(false)));
                    break;
                }
                case EscalationRule:
                    var actions = mine.OfType<EscalationDetail>().SelectMany(d => d.Steps).Select(s => s.Action).ToHashSet();
                    foreach (var action in new[] { EscalationAction.Step, EscalationAction.Capped, EscalationAction.Reset })
                        items.Add(new CoverageItem("escalation", rule.Name, action.ToString().ToLowerInvariant(), line, actions.Contains(action)));
                    break;
            }
            var exceptions = rule.Declaration switch
            {
                LetDecl let => let.Exceptions,
                OutputDecl output => output.Exceptions,
                _ => default,
            };
            if (exceptions.IsDefaultOrEmpty) continue;
            var applied = derivations.Where(d => d.Rule == rule && d.ExceptionApplied is not null).Select(d => d.ExceptionApplied!.Value).ToHashSet();
            for (var i = 0; i < exceptions.Length; i++)
                items.Add(new CoverageItem("exception", rule.Name, Text(exceptions[i].Span), exceptions[i].Span.StartPosition.Line, applied.Contains(i)));
        }
        return items;
    }

    private static string Text(Policy.Text.TextSpan span) => span.Source.Text[span.Start..span.End].ReplaceLineEndings(" ").Trim();
}
