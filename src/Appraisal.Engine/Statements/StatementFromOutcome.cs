using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;
using static Appraisal.Engine.Evaluation.ConditionWording;

namespace Appraisal.Engine.Statements;

/// <summary>
/// A statement's data from an outcome and its explanation (the data, not its text): outputs, scorecards, gates and
/// vetoes, levels and table rows from each derivation once (<see cref="Explanation.AllDerivations"/>, so the page grows
/// with the policy, not with its paths), the derivation lines from <see cref="ExplanationText"/> (bounded as it is),
/// and the plan's citations.
/// </summary>
internal static class StatementFromOutcome
{
    public static StatementModel Build(Outcome outcome, Language language)
    {
        if (outcome.Explanation is null) throw new ArgumentException("the outcome was evaluated without an explanation", nameof(outcome));
        var zh = language == Language.Zh;
        var plan = outcome.Plan;
        var model = plan.Source.Model;
        var statement = new StatementModel { PolicyName = plan.Name, DeclaredVersion = plan.Version ?? "" };
        foreach (var output in outcome.Outputs)
        {
            var missing = output.Value.Kind == ValueKind.Missing;
            statement.Outputs.Add(new StatementOutput(output.Name, Shown(output.Value, output.Type, zh),
                output.Value.Kind == ValueKind.Number ? output.Value.AsNumber : null, missing));
        }
        foreach (var derivation in outcome.Explanation.AllDerivations())
        {
            foreach (var hit in derivation.TableHits) statement.Tables.Add(Table(derivation.Rule.Name, hit, model, zh));
            foreach (var detail in derivation.Details)
            {
                switch (detail)
                {
                    case ScorecardDetail scorecard:
                        statement.Scorecards.Add(new StatementScorecard(derivation.Rule.Name, scorecard.Score, scorecard.Max,
                            scorecard.Entries.Select(e => new StatementEntry(e.Plan.Entry.Name.Text, e.Plan.Entry.Kind, e.Final, e.Raw, e.Plan.Max,
                                e.Plan.Weight is { } w ? ValueFormat.Plain(ValueFormat.Trim(w)) : null, e.Contribution)).ToList(), scorecard.Floor));
                        break;
                    case GateDetail gate:
                        statement.Gates.Add(new StatementGate(derivation.Rule.Name, gate.Passed, gate.Conditions.Select(c => Condition(c, model, zh)).ToList(),
                            gate.Passed ? "" : ((GateDecl)derivation.Rule.Declaration).Otherwise ?? ""));
                        break;
                    case VetoDetail veto when derivation.Rule is VetoRule vetoRule:
                        statement.Gates.Add(new StatementGate(derivation.Rule.Name, !veto.Fired,
                            [new StatementCondition(Source(((VetoDecl)vetoRule.Declaration).When.Span), veto.Fired, "")],
                            veto.Fired ? vetoRule.Message ?? "" : "", Veto: true));
                        break;
                    case LevelsDetail levels:
                        statement.Levels.Add(Levels(derivation.Rule.Name, levels, zh));
                        break;
                }
            }
        }
        statement.Arithmetic.AddRange(StatementText.Lines(ExplanationText.Render(outcome, language)));
        statement.Citations.AddRange(plan.Citations);
        return statement;
    }

    /// <summary>A value as an employee reads it: with its unit (元, 分, %), yes/no for a condition, "—" for none.</summary>
    internal static string Shown(Value value, PolicyType type, bool zh) => value.Kind switch
    {
        ValueKind.Missing => zh ? "—（无值）" : "— (no value)",
        ValueKind.Bool => value.AsBool ? (zh ? "是" : "yes") : (zh ? "否" : "no"),
        ValueKind.Number => ValueFormat.Format(value, type, zh),
        ValueKind.List or ValueKind.Record => ValueJson.ToJson(value, type),
        _ => value.ToString(),
    };

    private static StatementTable Table(string rule, TableHit hit, SemanticModel model, bool zh)
    {
        var columns = hit.Table.Declaration.Columns;
        var arguments = string.Join(", ", hit.Arguments.Select((v, i) => Shown(v, model.TypeOf(model.SymbolOfDeclaration[columns[i]]), zh)));
        var row = hit.Table.Declaration.Rows[hit.Row - 1];
        return new StatementTable(rule, hit.Table.Name, arguments, hit.Row, Source(row.Span),
            Shown(hit.Result, model.TypeOf(model.SymbolOfDeclaration[hit.Table.Declaration]), zh));
    }

    private static StatementCondition Condition(CheckedCondition condition, SemanticModel model, bool zh)
    {
        var c = condition.Plan.Condition;
        var detail = "";
        if (condition is { Left: { } left, Right: { } right } && c.Test is BinaryExpr compare)
        {
            var type = model.TypeOf(compare.Left);
            detail = $"{Shown(left, type, zh)} {Operator(compare.Op)} {Shown(right, type, zh)}";
            if (!condition.Holds && left.Kind == ValueKind.Number && right.Kind == ValueKind.Number && Gap(compare.Op, left.AsNumber, right.AsNumber) is { } gap)
                detail += zh ? $"，差 {Shown(Value.Of(gap), type, zh)}" : $", short by {Shown(Value.Of(gap), type, zh)}";
        }
        return new StatementCondition(Label(c), condition.Holds, detail);
    }

    private static StatementLevels Levels(string name, LevelsDetail levels, bool zh)
    {
        var each = levels.Levels.Select(l => new StatementLevel(l.Level, l.OwnRequirementsHold,
            l.Requirements.Where(r => !r.Holds).Select(r => Label(r.Plan.Condition)).ToList())).ToList();
        var note = levels.Result < levels.Reached && levels.Step is { } step
            ? zh ? $"每次最多晋升 {step} 级：可达 {levels.Levels[levels.Reached].Level}，本次评为 {levels.Levels[levels.Result].Level}"
                : $"promotion is limited to {step} level(s) at a time: {levels.Levels[levels.Reached].Level} is within reach, this review gives {levels.Levels[levels.Result].Level}"
            : "";
        return new StatementLevels(name, levels.Levels[levels.Result].Level, each, note);
    }

    private static string Source(TextSpan span) => span.Source.Text[span.Start..span.End].ReplaceLineEndings(" ").Trim();
}
