using Appraisal.Engine.Values;

namespace Appraisal.Impact.Diff;

/// <summary>The running totals of one output over the subjects compared: fixed size, whatever the population.</summary>
internal sealed class OutputAccumulator(DiffOutput output, int top)
{
    private readonly PriorityQueue<LargestChange, LargestChange> _largest = new(Comparer<LargestChange>.Create(Smaller));
    private readonly Dictionary<(string? From, string? To), int> _movements = [];
    private int _compared, _changed, _increased, _decreased;
    private decimal _totalOld, _totalNew, _totalDelta;
    private decimal? _minDelta, _maxDelta;
    private bool _numbers;

    public DiffOutput Output { get; } = output;
    public ValueCounter? OldCounts { get; set; }
    public ValueCounter? NewCounts { get; set; }

    /// <summary>Adds one subject; returns the change, or null when the output is the same.</summary>
    public OutputChange? Add(string subject, int? row, Value old, Value @new)
    {
        _compared++;
        decimal? delta = null;
        if (old.Kind == ValueKind.Number && @new.Kind == ValueKind.Number)
        {
            _numbers = true;
            var (o, n) = (old.AsNumber, @new.AsNumber);
            _totalOld += o;
            _totalNew += n;
            var d = n - o;
            delta = d;
            _totalDelta += d;
            _minDelta = _minDelta is { } min && min <= d ? min : d;
            _maxDelta = _maxDelta is { } max && max >= d ? max : d;
            if (d > 0) _increased++;
            else if (d < 0) _decreased++;
            if (d != 0 && top > 0)
            {
                var change = new LargestChange(subject, row, o, n, d);
                if (_largest.Count < top) _largest.Enqueue(change, change);
                else if (Smaller(_largest.Peek(), change) < 0) _largest.EnqueueDequeue(change, change);
            }
        }
        if (old.Kind == ValueKind.Number) OldCounts?.Add(old.AsNumber);
        if (@new.Kind == ValueKind.Number) NewCounts?.Add(@new.AsNumber);
        if (Output.Kind == DiffOutputKind.Category)
        {
            var key = (DiffValue.Text(old, Output.OldType), DiffValue.Text(@new, Output.NewType));
            _movements[key] = _movements.GetValueOrDefault(key) + 1;
        }
        if (old.Equals(@new)) return null;
        _changed++;
        return new OutputChange(Output, old, @new, delta);
    }

    /// <summary>Orders changes from the least notable: a smaller delta (either way), then the later subject id.</summary>
    private static int Smaller(LargestChange a, LargestChange b)
    {
        var size = Math.Abs(a.Delta).CompareTo(Math.Abs(b.Delta));
        return size != 0 ? size : string.CompareOrdinal(b.Subject, a.Subject);
    }

    public OutputSummary Summary()
    {
        var summary = new OutputSummary(Output, _compared, _changed) { Increased = _increased, Decreased = _decreased };
        if (_numbers)
        {
            var places = Output.Kind == DiffOutputKind.Money ? 2 : 4;
            summary = summary with
            {
                TotalOld = _totalOld, TotalNew = _totalNew, TotalDelta = _totalDelta,
                MeanDelta = _compared == 0 ? null : decimal.Round(_totalDelta / _compared, places, MidpointRounding.AwayFromZero),
                MinDelta = _minDelta, MaxDelta = _maxDelta,
                Largest = [.. _largest.UnorderedItems.Select(x => x.Element).OrderByDescending(c => Math.Abs(c.Delta)).ThenBy(c => c.Subject, StringComparer.Ordinal)],
            };
        }
        if (Output.Kind == DiffOutputKind.Category)
            summary = summary with
            {
                Movements = [.. _movements.OrderBy(m => Rank(m.Key.From, Output.OldType)).ThenBy(m => Rank(m.Key.To, Output.NewType))
                    .Select(m => new Movement(m.Key.From, m.Key.To, m.Value))],
            };
        return summary;
    }

    /// <summary>Movements in the order of the enum's members (优 before 良), false before true, absent first.</summary>
    private static int Rank(string? value, Policy.Semantics.PolicyType? type) => value is null ? -1 : type switch
    {
        Policy.Semantics.EnumType e => e.Members.IndexOf(value),
        _ => value == "true" ? 1 : 0,
    };
}
