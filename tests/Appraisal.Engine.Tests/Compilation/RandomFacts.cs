using System.Collections.Immutable;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Tests.Compilation;

/// <summary>
/// Random fact sets for a plan, from its input schema: numbers within declared ranges (and sometimes exactly on a
/// number the policy compares against, such as a table band's boundary), counts ≥ 0, enum members, lists of 0–5
/// items, optional inputs and record fields sometimes left to their defaults; and random evaluation options
/// (period, history of earlier periods, sometimes a small budget).
/// </summary>
internal sealed class RandomFacts
{
    private readonly PolicyPlan _plan;
    private readonly Random _random;
    private readonly decimal[] _boundaries;
    private readonly ConstantFolding _constants;

    public RandomFacts(PolicyPlan plan, int seed)
    {
        _plan = plan;
        _random = new Random(seed);
        _constants = new ConstantFolding(plan.Source.Model);
        var numbers = new HashSet<decimal>();
        foreach (var table in plan.Tables)
        {
            foreach (var row in table.Rows)
            {
                foreach (var cell in row.Cells)
                {
                    foreach (var test in cell ?? [])
                    {
                        Collect(test.Value, numbers);
                        if (test.High is not null) Collect(test.High, numbers);
                    }
                }
            }
        }
        foreach (var rule in plan.Rules)
        {
            switch (rule)
            {
                case GateRule gate: foreach (var c in gate.Conditions) Collect(c.Test, numbers); break;
                case LevelsRule levels: foreach (var (_, rs) in levels.Levels) foreach (var c in rs) Collect(c.Test, numbers); break;
                case DefinitionRule d: Collect(d.Body, numbers); break;
                case OutputRule o: Collect(o.Body, numbers); break;
            }
        }
        _boundaries = numbers.Order().ToArray();
    }

    private static void Collect(EvalNode node, HashSet<decimal> into)
    {
        switch (node)
        {
            case EvalConst { Value.Kind: ValueKind.Number } c: into.Add(c.Value.AsNumber); break;
            case EvalCompare c: Collect(c.Left, into); Collect(c.Right, into); break;
            case EvalArithmetic a: Collect(a.Left, into); Collect(a.Right, into); break;
            case EvalAnd a: Collect(a.Left, into); Collect(a.Right, into); break;
            case EvalOr o: Collect(o.Left, into); Collect(o.Right, into); break;
            case EvalIf i: Collect(i.Condition, into); Collect(i.Then, into); Collect(i.Else, into); break;
        }
    }

    public Value[] Facts()
    {
        var facts = new Value[_plan.Inputs.Fields.Length];
        foreach (var field in _plan.Inputs.Fields)
        {
            facts[field.Slot] = field.Default is { } fallback && _random.Next(10) < 3
                ? fallback
                : Generate(field.Type, field.Low, field.High);
        }
        return facts;
    }

    public EvaluationOptions Options()
    {
        PeriodValue? period = null;
        var history = new List<EarlierPeriod>();
        if (_plan.PeriodKind is { } kind && _random.Next(20) != 0)
        {
            var current = PeriodValue.FromOrdinal(kind, 2026 * PeriodValue.PerYear(kind) + _random.Next(-3, 8));
            period = current;
            var count = _random.Next(6);
            for (var i = 0; i < count; i++)
            {
                var earlier = PeriodValue.FromOrdinal(kind, current.Ordinal - 1 - _random.Next(6));
                var outputs = _plan.Outputs.Select(o => _random.Next(15) == 0 ? Value.Missing : Generate(o.Type, null, null)).ToArray();
                history.Add(new EarlierPeriod(earlier, outputs));
            }
        }
        else if (_random.Next(3) == 0)
        {
            period = new PeriodValue(PeriodKind.Month, 2026, _random.Next(1, 13));
        }
        var budget = _random.Next(25) == 0 ? _random.Next(0, 40) : EvaluationOptions.Default.Budget;
        return new EvaluationOptions { Period = period, History = history, Budget = budget };
    }

    private Value Generate(PolicyType type, decimal? low, decimal? high)
    {
        switch (type)
        {
            case NumericType numeric:
                return Value.Of(Number(numeric, low, high));
            case EnumType enumType:
                return Value.Of(enumType, _random.Next(enumType.Members.Length));
            case ListType list:
            {
                var items = new Value[_random.Next(6)];
                for (var i = 0; i < items.Length; i++) items[i] = Generate(list.Element, null, null);
                return Value.Of(items);
            }
            case RecordType record:
                return Record(record);
        }
        if (type == PolicyType.Bool) return Value.Of(_random.Next(2) == 0);
        if (type == PolicyType.Text) return Value.Of(new[] { "", "甲", "留用", "a\"b" }[_random.Next(4)]);
        if (type == PolicyType.Date) return Value.Of(new DateOnly(2024, 1, 1).AddDays(_random.Next(1500)));
        if (type == PolicyType.Period) return Value.Of(new PeriodValue(PeriodKind.Month, 2026, _random.Next(1, 13)));
        return Value.Missing;
    }

    private Value Record(RecordType type)
    {
        var declaration = _plan.Inputs.Records.GetValueOrDefault(type.Name);
        var fields = new Value[type.Fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            var decl = declaration?.Fields.FirstOrDefault(f => f.Name.Text == type.Fields[i].Name);
            if (decl?.Default is { } fallback && _random.Next(10) < 3)
            {
                fields[i] = InputSchema.Constant(fallback, type.Fields[i].Type, _plan.Source.Model, _constants);
                continue;
            }
            var range = decl?.Range;
            fields[i] = Generate(type.Fields[i].Type, range is null ? null : _constants.Number(range.Low), range is null ? null : _constants.Number(range.High));
        }
        return Value.Of(new RecordValue(type, fields));
    }

    private decimal Number(NumericType type, decimal? low, decimal? high)
    {
        var count = type.Kind == NumberKind.Count;
        var pick = _random.Next(100);
        decimal value;
        if (pick < 25 && _boundaries.Length > 0)
        {
            value = _boundaries[_random.Next(_boundaries.Length)];
            if (_random.Next(3) == 0 && Math.Abs(value) < 1e27m)
                value += (count ? 1m : type.Kind == NumberKind.Percent ? 0.0001m : 0.01m) * (_random.Next(2) == 0 ? 1 : -1);
        }
        else if (pick < 30 && low is null && high is null && !count)
        {
            // Huge values, to reach the "too large for an exact decimal" errors on both tiers.
            value = _random.Next(3) switch { 0 => 79_000_000_000_000_000_000_000_000m, 1 => -7.9e27m, _ => 1e14m };
        }
        else if (pick < 36)
        {
            value = 0m;
        }
        else if (count)
        {
            value = _random.Next(10) == 0 ? _random.Next(0, 1000) : _random.Next(0, 6);
        }
        else if (type.Kind == NumberKind.Percent)
        {
            value = Math.Round((decimal)_random.NextDouble() * 0.2m, _random.Next(1, 5));
        }
        else
        {
            var lo = low ?? -10m;
            var hi = high ?? 200m;
            // Up to four places, so that rounding to 0.01 meets exact midpoints (10 × 1.2345 = 12.345).
            // lo × (1 − r) + hi × r rather than lo + r × (hi − lo): a range as wide as a decimal does not overflow.
            var r = (decimal)_random.NextDouble();
            value = Math.Round(lo * (1 - r) + hi * r, _random.Next(0, 5));
        }
        if (count) value = Math.Max(0m, Math.Round(value));
        if (low is { } l && value < l) value = l;
        if (high is { } h && value > h) value = h;
        return value;
    }
}
