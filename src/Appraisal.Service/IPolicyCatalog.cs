namespace Appraisal.Service;

/// <summary>
/// The policies this service serves, whichever way they come (<see cref="PoliciesOptions.Source"/>): from the policy
/// directory (<see cref="PolicyStore"/>) or from the ledger's registry (<see cref="RegistryCatalog"/>). Reads take an
/// immutable snapshot; a change is swapped in at once.
/// </summary>
public interface IPolicyCatalog
{
    /// <summary>Every policy, ordered by id.</summary>
    IReadOnlyCollection<PolicyEntry> Entries { get; }

    PolicyEntry? Find(string id);

    /// <summary><c>directory</c> or <c>registry</c>.</summary>
    string Source { get; }

    /// <summary>Where the policies come from, for logs and health: the directory's path, or the ledger's description.</summary>
    string Description { get; }
}
