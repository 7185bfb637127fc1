using System.Collections;

namespace Appraisal.Engine.Embedding;

/// <summary>The policies of a directory by id (<c>after-sales/售后客服考核</c>), from <see cref="PolicyEngine.LoadDirectory"/>.</summary>
public sealed class PolicyCollection : IReadOnlyDictionary<string, LoadedPolicy>, IDisposable
{
    private readonly Dictionary<string, LoadedPolicy> _byId;
    private readonly IReadOnlyList<LoadedPolicy> _policies;

    internal PolicyCollection(string directory, IReadOnlyList<LoadedPolicy> policies)
    {
        Directory = directory;
        _policies = policies;
        _byId = policies.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>The full path of the directory.</summary>
    public string Directory { get; }

    /// <summary>True when every policy is ready.</summary>
    public bool AllReady => _policies.All(p => p.IsReady);

    /// <summary>Every diagnostic of every policy.</summary>
    public IEnumerable<PolicyDiagnostic> Diagnostics => _policies.SelectMany(p => p.Diagnostics);

    /// <summary>The policy with this id; <see cref="KeyNotFoundException"/> when there is none.</summary>
    public LoadedPolicy this[string id] => _byId.TryGetValue(id, out var policy) ? policy : throw new KeyNotFoundException($"no policy '{id}' in {Directory}");

    public IEnumerable<string> Keys => _policies.Select(p => p.Id);
    public IEnumerable<LoadedPolicy> Values => _policies;
    public int Count => _policies.Count;
    public bool ContainsKey(string key) => _byId.ContainsKey(key);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out LoadedPolicy value) => _byId.TryGetValue(key, out value);

    /// <summary>The policies in id order.</summary>
    public IEnumerator<KeyValuePair<string, LoadedPolicy>> GetEnumerator() =>
        _policies.Select(p => new KeyValuePair<string, LoadedPolicy>(p.Id, p)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Disposes every policy.</summary>
    public void Dispose()
    {
        foreach (var policy in _policies) policy.Dispose();
    }
}
