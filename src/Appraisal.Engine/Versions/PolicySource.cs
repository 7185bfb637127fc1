using System.Collections.Immutable;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Appraisal.Engine.Versions;

/// <summary>
/// Everything a policy version is made of, as the policy registry keeps it: the policy's text under the path its id
/// names (<c>after-sales/售后客服考核.policy</c>) and the text of every library it includes, named by its path from the
/// policy's folder — the names <see cref="PolicyHash.Of(CheckedPolicy)"/> hashes, so <see cref="Check"/> of the kept
/// files gives the version they were kept under, wherever and whenever they are read back.
/// </summary>
public sealed record PolicySource(string Path, string Text, ImmutableArray<PolicySourceFile> Libraries)
{
    /// <summary>Equal when every file is: the same path and text, libraries in the same order.</summary>
    public bool Equals(PolicySource? other) =>
        other is not null && Path == other.Path && Text == other.Text && Libraries.SequenceEqual(other.Libraries);

    public override int GetHashCode() => HashCode.Combine(Path, Text, Libraries.Length);

    /// <summary>The version hash of these files (<see cref="PolicyHash"/>): the same as the hash of the check they came from.</summary>
    public string Hash => PolicyHash.Of(Check());

    /// <summary>The files of a checked policy, kept under <paramref name="policyId"/> (its path is <c>{id}.policy</c>).</summary>
    public static PolicySource From(CheckedPolicy check, string policyId)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentException.ThrowIfNullOrEmpty(policyId);
        var file = check.File.Source;
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file.Path)) ?? "";
        var libraries = check.Model.Libraries
            .Select(l => new PolicySourceFile(
                System.IO.Path.GetRelativePath(folder, System.IO.Path.GetFullPath(l.Source.Path)).Replace(System.IO.Path.DirectorySeparatorChar, '/'),
                l.Source.Text))
            .ToImmutableArray();
        return new PolicySource(policyId + ".policy", file.Text, libraries);
    }

    /// <summary>
    /// Checks the kept files again, reading includes only from them (never the disk): the policy is named by
    /// <see cref="Path"/> under a folder of its own, its libraries beside it as they were named.
    /// </summary>
    public CheckedPolicy Check()
    {
        // Deep enough that a library named "../../lib.policy" still lies inside the root.
        var depth = Libraries.Select(l => l.Path.Split('/').TakeWhile(part => part == "..").Count()).DefaultIfEmpty(0).Max();
        var root = System.IO.Path.GetFullPath(System.IO.Path.Combine([System.IO.Path.GetPathRoot(System.IO.Path.GetTempPath()) ?? "/", "policy-registry",
            .. Enumerable.Repeat("_", depth)]));
        var main = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, Path));
        var mainFolder = System.IO.Path.GetDirectoryName(main)!;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var library in Libraries)
            files[System.IO.Path.GetFullPath(System.IO.Path.Combine(mainFolder, library.Path))] = library.Text;
        return PolicyPipeline.Check(new SourceText(Path, Text), IncludeReader.InMemory(root, files));
    }

    /// <summary>The files as one JSON object: <c>{"path", "text", "libraries": [{"path", "text"}]}</c>.</summary>
    public string ToJson()
    {
        var json = new JObject
        {
            ["path"] = Path,
            ["text"] = Text,
            ["libraries"] = new JArray(Libraries.Select(l => new JObject { ["path"] = l.Path, ["text"] = l.Text })),
        };
        return json.ToString(Formatting.None);
    }

    /// <summary>Reads <see cref="ToJson"/>'s form back.</summary>
    /// <exception cref="FormatException">The text is not of that form.</exception>
    public static PolicySource FromJson(string json)
    {
        try
        {
            var o = JObject.Parse(json);
            var libraries = ((JArray?)o["libraries"] ?? [])
                .Select(l => new PolicySourceFile((string?)l["path"] ?? throw new FormatException("a library without a path"),
                    (string?)l["text"] ?? throw new FormatException("a library without a text")))
                .ToImmutableArray();
            return new PolicySource((string?)o["path"] ?? throw new FormatException("no path"), (string?)o["text"] ?? throw new FormatException("no text"),
                libraries);
        }
        catch (Exception e) when (e is JsonException or InvalidCastException)
        {
            throw new FormatException($"not a kept policy version: {e.Message}", e);
        }
    }
}
