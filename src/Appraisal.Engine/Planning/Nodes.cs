using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Planning;

// The evaluation tree: small node types, names already resolved to slots, constants folded.
// Nothing here looks a name up in a dictionary while evaluating. Tracing is done by the rules
// (RulePlan) through the activation's tracer, not by these nodes.

public abstract class EvalNode(TextSpan span)
{
    public TextSpan Span { get; } = span;
    public abstract Value Eval(Activation a);

    /// <summary>Calls the visitor's method for this kind of node (<see cref="IEvalNodeVisitor{T}"/>).</summary>
    public abstract T Accept<T>(IEvalNodeVisitor<T> visitor);
}

public sealed class EvalConst(TextSpan span, Value value) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public Value Value { get; } = value;
    public override Value Eval(Activation a) => Value;
}

public sealed class EvalInput(TextSpan span, int slot, string name) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public int Slot { get; } = slot;
    public string Name { get; } = name;
    public override Value Eval(Activation a)
    {
        a.Tracer?.InputRead(Slot);
        return a.Facts[Slot];
    }
}

/// <summary>A variable bound by an aggregation or a table column.</summary>
public sealed class EvalLocal(TextSpan span, int slot) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public int Slot { get; } = slot;
    public override Value Eval(Activation a) => a.Locals[Slot];
}

/// <summary>The value of another rule (definition, scorecard, gate, output…), computed once per evaluation.</summary>
public sealed class EvalRule(TextSpan span, int slot) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public int Slot { get; } = slot;
    public override Value Eval(Activation a) => a.Rule(Slot);
}

/// <summary>An output of the earlier period being folded over by an escalation.</summary>
public sealed class EvalEarlierOutput(TextSpan span, int output, string name) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public int Output { get; } = output;
    public string Name { get; } = name;
    public override Value Eval(Activation a) => a.EarlierOutput(Output, this);

    /// <summary>Reads this output from the earlier period's outputs being looked at (null outside an escalation).</summary>
    public Value From(Value[]? earlier)
    {
        if (earlier is null)
            throw new InvalidOperationException("internal error: an earlier period's output was read outside an escalation");
        var value = earlier[Output];
        if (value.IsMissing)
            throw new EvaluationException(EvaluationErrorKind.MissingContext, Span,
                $"the earlier period's outcome does not include '{Name}'", $"往期结果中缺少 '{Name}'");
        return value;
    }
}

/// <summary>A parameter with dated values: the value in force at the start of the appraised period.</summary>
public sealed class EvalDatedParameter(TextSpan span, string name, (DateOnly From, Value Value)[] values, Value? fallback) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public string Name { get; } = name;
    public (DateOnly From, Value Value)[] Values { get; } = values;
    public Value? Fallback { get; } = fallback;

    public override Value Eval(Activation a) => At(a.Period);

    /// <summary>The value in force at the start of <paramref name="appraised"/>; shared by the tree and the compiled tier.</summary>
    public Value At(PeriodValue? appraised)
    {
        if (appraised is not { } period)
            throw new EvaluationException(EvaluationErrorKind.MissingContext, Span,
                $"'{Name}' has dated values: the appraised period must be given", $"'{Name}' 按日期取值：必须给出考核周期");
        var start = period.Start;
        for (var i = Values.Length - 1; i >= 0; i--)
        {
            if (Values[i].From <= start) return Values[i].Value;
        }
        return Fallback ?? throw new EvaluationException(EvaluationErrorKind.Runtime, Span,
            $"'{Name}' has no value in force on {start:yyyy-MM-dd}", $"'{Name}' 在 {start:yyyy-MM-dd} 没有生效的取值");
    }
}

public sealed class EvalNegate(TextSpan span, EvalNode operand) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode Operand { get; } = operand;
    public override Value Eval(Activation a) => Value.Of(Arithmetic.Negate(Operand.Eval(a).AsNumber));
}

public sealed class EvalNot(TextSpan span, EvalNode operand) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode Operand { get; } = operand;
    public override Value Eval(Activation a) => Value.Of(!Operand.Eval(a).AsBool);
}

public enum ArithmeticOp { Add, Subtract, Multiply, Divide }

/// <summary>Exact decimal arithmetic; overflow and division by zero are located errors.</summary>
public sealed class EvalArithmetic(TextSpan span, ArithmeticOp op, EvalNode left, EvalNode right) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public ArithmeticOp Op { get; } = op;
    public EvalNode Left { get; } = left;
    public EvalNode Right { get; } = right;

    public override Value Eval(Activation a) => Value.Of(Apply(Op, Left.Eval(a).AsNumber, Right.Eval(a).AsNumber, Span));

    /// <summary>
    /// The operation, by <see cref="Arithmetic"/> (as the compiled tier's helpers and the checker compute it), with its
    /// faults as located errors.
    /// </summary>
    public static decimal Apply(ArithmeticOp op, decimal x, decimal y, TextSpan span)
    {
        try
        {
            return op switch
            {
                ArithmeticOp.Add => Arithmetic.Add(x, y),
                ArithmeticOp.Subtract => Arithmetic.Subtract(x, y),
                ArithmeticOp.Multiply => Arithmetic.Multiply(x, y),
                _ => Arithmetic.Divide(x, y),
            };
        }
        catch (OverflowException)
        {
            throw Overflow(span);
        }
        catch (DivideByZeroException)
        {
            throw DivisionByZero(span);
        }
    }

    /// <summary>Rounding to a precision (value ÷ precision, rounded, × precision): beyond a decimal is a located error.</summary>
    public static decimal Round(decimal value, decimal precision, RoundingMode mode, TextSpan span)
    {
        try
        {
            return Rounding.Apply(value, precision, mode);
        }
        catch (OverflowException)
        {
            throw Overflow(span);
        }
    }

    public static EvaluationException DivisionByZero(TextSpan span) =>
        new(EvaluationErrorKind.Runtime, span, "division by zero", "除数为零");

    public static EvaluationException Overflow(TextSpan span) =>
        new(EvaluationErrorKind.Runtime, span, "the result is too large for an exact decimal", "结果超出精确小数的范围");
}

/// <summary>date ± duration (hours, whole days added) and date − date (a duration in hours).</summary>
public sealed class EvalDateArithmetic(TextSpan span, bool subtract, EvalNode left, EvalNode right, bool rightIsDate) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public bool Subtract { get; } = subtract;
    public EvalNode Left { get; } = left;
    public EvalNode Right { get; } = right;
    public bool RightIsDate { get; } = rightIsDate;

    public override Value Eval(Activation a)
    {
        var date = Left.Eval(a).AsDate;
        return Apply(date, Right.Eval(a), Subtract, RightIsDate, Span);
    }

    /// <summary>The arithmetic; a date outside 0001-01-01..9999-12-31 is a located error.</summary>
    public static Value Apply(DateOnly date, Value other, bool subtract, bool rightIsDate, TextSpan span)
    {
        if (rightIsDate) return Value.Of((date.DayNumber - other.AsDate.DayNumber) * 24m);
        var days = Math.Floor(other.AsNumber / 24m);
        if (subtract) days = -days;
        var day = date.DayNumber + days;
        if (day < DateOnly.MinValue.DayNumber || day > DateOnly.MaxValue.DayNumber) throw DateOutOfRange(span);
        return Value.Of(DateOnly.FromDayNumber((int)day));
    }

    public static EvaluationException DateOutOfRange(TextSpan span) =>
        new(EvaluationErrorKind.Runtime, span, "the date falls outside 0001-01-01..9999-12-31", "日期超出 0001-01-01..9999-12-31 的范围");
}

public sealed class EvalCompare(TextSpan span, BinaryOp op, EvalNode left, EvalNode right) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public BinaryOp Op { get; } = op;
    public EvalNode Left { get; } = left;
    public EvalNode Right { get; } = right;

    public override Value Eval(Activation a) => Value.Of(Holds(Op, Left.Eval(a), Right.Eval(a)));

    public static bool Holds(BinaryOp op, Value left, Value right) => op switch
    {
        BinaryOp.Eq => left.Equals(right),
        BinaryOp.Ne => !left.Equals(right),
        BinaryOp.Lt => left.CompareTo(right) < 0,
        BinaryOp.Le => left.CompareTo(right) <= 0,
        BinaryOp.Gt => left.CompareTo(right) > 0,
        _ => left.CompareTo(right) >= 0,
    };
}

public sealed class EvalAnd(TextSpan span, EvalNode left, EvalNode right) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode Left { get; } = left;
    public EvalNode Right { get; } = right;
    public override Value Eval(Activation a) => Value.Of(Left.Eval(a).AsBool && Right.Eval(a).AsBool);
}

public sealed class EvalOr(TextSpan span, EvalNode left, EvalNode right) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode Left { get; } = left;
    public EvalNode Right { get; } = right;
    public override Value Eval(Activation a) => Value.Of(Left.Eval(a).AsBool || Right.Eval(a).AsBool);
}

public sealed class EvalIf(TextSpan span, EvalNode condition, EvalNode then, EvalNode otherwise) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode Condition { get; } = condition;
    public EvalNode Then { get; } = then;
    public EvalNode Else { get; } = otherwise;
    public override Value Eval(Activation a) => Condition.Eval(a).AsBool ? Then.Eval(a) : Else.Eval(a);
}

public sealed class EvalInRange(TextSpan span, EvalNode value, EvalNode low, EvalNode high) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode Operand { get; } = value;
    public EvalNode Low { get; } = low;
    public EvalNode High { get; } = high;

    public override Value Eval(Activation a)
    {
        var v = Operand.Eval(a);
        return Value.Of(v.CompareTo(Low.Eval(a)) >= 0 && v.CompareTo(High.Eval(a)) <= 0);
    }
}

/// <summary>A field of a record (an input record, a list element, or a scorecard's score, max and items).</summary>
public sealed class EvalField(TextSpan span, EvalNode target, int index) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode Target { get; } = target;
    public int Index { get; } = index;
    public override Value Eval(Activation a) => Target.Eval(a).AsRecord.Fields[Index];
}

public sealed class EvalList(TextSpan span, EvalNode[] items) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode[] Items { get; } = items;

    public override Value Eval(Activation a)
    {
        var values = new Value[Items.Length];
        for (var i = 0; i < values.Length; i++) values[i] = Items[i].Eval(a);
        return Value.Of(values);
    }
}

/// <summary>The built-in functions; <see cref="Given"/> is <c>given(x)</c>, true when an optional input or field was given.</summary>
public enum BuiltIn { Round, Min, Max, Abs, Floor, Ceil, Given }

public sealed class EvalBuiltIn(TextSpan span, BuiltIn function, EvalNode[] arguments, RoundingMode mode) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public BuiltIn Function { get; } = function;
    public EvalNode[] Arguments { get; } = arguments;
    public RoundingMode Mode { get; } = mode;

    public override Value Eval(Activation a)
    {
        switch (Function)
        {
            case BuiltIn.Round:
            {
                var precision = Arguments[1].Eval(a).AsNumber;
                if (precision <= 0) throw BadPrecision(Arguments[1].Span);
                return Value.Of(EvalArithmetic.Round(Arguments[0].Eval(a).AsNumber, precision, Mode, Span));
            }
            case BuiltIn.Min or BuiltIn.Max:
            {
                var best = Arguments[0].Eval(a);
                for (var i = 1; i < Arguments.Length; i++)
                {
                    var next = Arguments[i].Eval(a);
                    if (Function == BuiltIn.Min ? next.CompareTo(best) < 0 : next.CompareTo(best) > 0) best = next;
                }
                return best;
            }
            case BuiltIn.Abs: return Value.Of(Arithmetic.Abs(Arguments[0].Eval(a).AsNumber));
            case BuiltIn.Given: return Value.Of(!Arguments[0].Eval(a).IsMissing);
            case BuiltIn.Floor: return Value.Of(Arithmetic.Floor(Arguments[0].Eval(a).AsNumber));
            default: return Value.Of(Arithmetic.Ceiling(Arguments[0].Eval(a).AsNumber));
        }
    }

    public static EvaluationException BadPrecision(TextSpan span) =>
        new(EvaluationErrorKind.Runtime, span, "a rounding precision must be positive", "舍入精度必须为正数");
}

/// <summary><c>sum/count/min/max/any/all(x in list where cond : selector)</c> over an input list.</summary>
public sealed class EvalAggregate(TextSpan span, AggregateKind kind, int local, EvalNode source, EvalNode? where, EvalNode? selector) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public AggregateKind Kind { get; } = kind;
    public int Local { get; } = local;
    public EvalNode Source { get; } = source;
    public EvalNode? Where { get; } = where;
    public EvalNode? Selector { get; } = selector;

    public override Value Eval(Activation a)
    {
        var items = Source.Eval(a).AsList;
        a.Spend(items.Length, Span);
        var sum = 0m;
        var count = 0;
        Value best = Value.Missing;
        var each = Kind == AggregateKind.Each ? new List<Value>(items.Length) : null;
        foreach (var item in items)
        {
            a.Locals[Local] = item;
            if (Where is not null && !Where.Eval(a).AsBool) continue;
            switch (Kind)
            {
                case AggregateKind.Each:
                    each!.Add(Selector?.Eval(a) ?? item);
                    break;
                case AggregateKind.Count:
                    if (Selector is null || Selector.Eval(a).AsBool) count++;
                    break;
                case AggregateKind.Any:
                    if (Selector is null || Selector.Eval(a).AsBool) return Value.True;
                    break;
                case AggregateKind.All:
                    if (Selector is not null && !Selector.Eval(a).AsBool) return Value.False;
                    break;
                case AggregateKind.Sum:
                    sum = EvalArithmetic.Apply(ArithmeticOp.Add, sum, (Selector?.Eval(a) ?? item).AsNumber, Span);
                    break;
                default:
                {
                    var value = Selector?.Eval(a) ?? item;
                    if (best.IsMissing || (Kind == AggregateKind.Min ? value.CompareTo(best) < 0 : value.CompareTo(best) > 0)) best = value;
                    break;
                }
            }
        }
        return Kind switch
        {
            AggregateKind.Count => Value.Of((decimal)count),
            AggregateKind.Any => Value.False,
            AggregateKind.All => Value.True,
            AggregateKind.Sum => Value.Of(sum),
            AggregateKind.Each => Value.Of(each!.ToArray()),
            _ => best.IsMissing ? throw EmptyList() : best,
        };
    }

    /// <summary>The error of a min or max over no items.</summary>
    public EvaluationException EmptyList() => new(EvaluationErrorKind.Runtime, Span,
        $"{(Kind == AggregateKind.Min ? "min" : "max")} of an empty list", $"空列表没有{(Kind == AggregateKind.Min ? "最小值" : "最大值")}");
}

/// <summary>A table call: evaluates the arguments and asks the table's plan for the result.</summary>
public sealed class EvalTableCall(TextSpan span, TablePlan table, EvalNode[] arguments) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public TablePlan Table { get; } = table;
    public EvalNode[] Arguments { get; } = arguments;

    public override Value Eval(Activation a)
    {
        var args = new Value[Arguments.Length];
        for (var i = 0; i < args.Length; i++) args[i] = Arguments[i].Eval(a);
        return Table.Apply(a, args, Span);
    }
}

/// <summary>A value with Catala-style exceptions: the first <c>unless</c> whose condition holds replaces it.</summary>
public sealed class EvalExceptions(TextSpan span, EvalNode body, (EvalNode Condition, EvalNode Value, TextSpan Span)[] exceptions) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode Body { get; } = body;
    public (EvalNode Condition, EvalNode Value, TextSpan Span)[] Exceptions { get; } = exceptions;

    public override Value Eval(Activation a)
    {
        for (var i = 0; i < Exceptions.Length; i++)
        {
            if (Exceptions[i].Condition.Eval(a).AsBool)
            {
                a.Tracer?.ExceptionApplied(i, Exceptions[i].Span);
                return Exceptions[i].Value.Eval(a);
            }
        }
        return Body.Eval(a);
    }
}
