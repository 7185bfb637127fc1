using Appraisal.Ledger.Registry;

namespace Appraisal.Service.Registry;

/// <summary>
/// Every publication in the ledger's registry as this service last read it (<see cref="PublicationWatcher"/> keeps it
/// current), oldest first: the publication history <c>ListPolicies</c> and <c>DescribePolicy</c> show, and what
/// <see cref="RegistryCatalog"/> serves from. Publications are never changed or deleted, so the book only grows.
/// </summary>
public sealed class PublicationBook
{
    private Publication[] _all = [];

    public IReadOnlyList<Publication> All => Volatile.Read(ref _all);

    /// <summary>The id of the last publication read (0 before the first).</summary>
    public long LastId => All is { Count: > 0 } all ? all[^1].Id : 0;

    /// <summary>The publications of one policy, oldest first.</summary>
    public IEnumerable<Publication> For(string policyId) => All.Where(p => p.PolicyId == policyId);

    /// <summary>The publication with this id, if read (the book is ordered by id: a binary search, for the reply of every evaluation).</summary>
    public Publication? Find(long id)
    {
        var all = Volatile.Read(ref _all);
        var at = Array.BinarySearch(all, id, PublicationId.Instance);
        return at >= 0 ? all[at] : null;
    }

    private sealed class PublicationId : System.Collections.IComparer
    {
        public static readonly PublicationId Instance = new();

        public int Compare(object? x, object? y) => ((Publication)x!).Id.CompareTo((long)y!);
    }

    /// <summary>The publication a record's or an answer's version basis names (<c>published:N</c>), if this service has read it.</summary>
    public Publication? OfBasis(string basis) =>
        basis.StartsWith("published:", StringComparison.Ordinal)
        && long.TryParse(basis.AsSpan("published:".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? Find(id) : null;

    /// <summary>Adds publications read after <see cref="LastId"/>; only one reader adds at a time (the watcher's lock).</summary>
    internal void Add(IReadOnlyList<Publication> later)
    {
        if (later.Count == 0) return;
        var last = LastId;
        Volatile.Write(ref _all, [.. All, .. later.Where(p => p.Id > last).OrderBy(p => p.Id)]);
    }
}
