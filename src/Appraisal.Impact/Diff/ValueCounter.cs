namespace Appraisal.Impact.Diff;

/// <summary>
/// Counts of the values of one numeric series, for its histogram, in bounded memory: each distinct value is counted
/// exactly until there are more than <see cref="MaxKeys"/> of them; then values are floored to a coarser quantum (0.01,
/// 0.1, 1, 10, …: each step merges keys) until they fit. Bins are multiples of the quantum, so binning stays exact.
/// </summary>
internal sealed class ValueCounter
{
    public const int MaxKeys = 4096;

    private Dictionary<decimal, int> _counts = [];

    /// <summary>The quantum values are floored to; 0 while they are counted exactly.</summary>
    public decimal Quantum { get; private set; }

    public IReadOnlyDictionary<decimal, int> Counts => _counts;

    public void Add(decimal value)
    {
        var key = Quantum == 0 ? value : Floor(value, Quantum);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
        while (_counts.Count > MaxKeys) Coarsen();
    }

    private void Coarsen()
    {
        Quantum = Quantum == 0 ? 0.01m : Quantum * 10;
        var coarse = new Dictionary<decimal, int>();
        foreach (var (value, count) in _counts)
        {
            var key = Floor(value, Quantum);
            coarse[key] = coarse.GetValueOrDefault(key) + count;
        }
        _counts = coarse;
    }

    private static decimal Floor(decimal value, decimal quantum) => decimal.Floor(value / quantum) * quantum;
}
