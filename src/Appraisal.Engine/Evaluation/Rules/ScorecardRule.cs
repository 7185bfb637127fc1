using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Evaluation;

/// <summary>
/// A scorecard: each item is its formula held between its floor and cap, times its weight; deductions are
/// subtracted and additions added; then the scorecard's floor. Its value is a record of score, max and items.
/// </summary>
public sealed class ScorecardRule(int slot, ScorecardDecl declaration, RecordType type, string citation,
    ScorecardEntryPlan[] entries, decimal total, decimal? floor) : RulePlan(slot, declaration, type, citation)
{
    public ScorecardEntryPlan[] Entries { get; } = entries;
    public decimal Total { get; } = total;
    public decimal? Floor { get; } = floor;

    public override T Accept<T>(IRulePlanVisitor<T> visitor) => visitor.Visit(this);

    public override Value Compute(Activation a)
    {
        var fields = new Value[Entries.Length + 2];
        var scored = a.Tracer is null ? null : new List<ScoredEntry>(Entries.Length);
        var sum = 0m;
        for (var i = 0; i < Entries.Length; i++)
        {
            var entry = Entries[i];
            a.Tracer?.Serving(entry.Entry.Name.Text);
            var raw = entry.Value.Eval(a).AsNumber;
            var final = raw;
            if (entry.Floor is { } low && final < low) final = low;
            if (entry.Cap is { } high && final > high) final = high;
            var span = entry.Entry.Span;
            var contribution = entry.Entry.Kind switch
            {
                EntryKind.Item => EvalArithmetic.Apply(ArithmeticOp.Multiply, final, entry.Weight ?? 1m, span),
                EntryKind.Deduct => Arithmetic.Negate(final),
                _ => final,
            };
            sum = EvalArithmetic.Apply(ArithmeticOp.Add, sum, contribution, span);
            fields[i + 2] = Value.Of(final);
            scored?.Add(new ScoredEntry(entry, raw, final, contribution));
        }
        a.Tracer?.Serving(null);
        var score = Floor is { } f && sum < f ? f : sum;
        fields[0] = Value.Of(score);
        fields[1] = Value.Of(Total);
        if (scored is not null) a.Tracer!.Detail(new ScorecardDetail(scored, sum, score, Total, Floor));
        return Value.Of(new RecordValue((RecordType)Type, fields));
    }
}
