using System.Security.Cryptography;
using System.Text;
using Appraisal.Policy.Semantics;

namespace Appraisal.Engine;

/// <summary>
/// The version hash of a policy, as every host names it (the service reports it as <c>version.hash</c>, the ledger
/// records it, the command line and the embedding API compute it the same way): the first 16 hex digits of the
/// SHA-256 of its text and, when it includes libraries, of theirs.
/// </summary>
public static class PolicyHash
{
    /// <summary>The hash of a text: the first 16 hex digits of the SHA-256 of its UTF-8 bytes.</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>
    /// The version of a checked policy: <see cref="Of(string)"/> of its text, or, when it includes libraries, of its
    /// text and theirs, each named by its path from the policy's folder — so an edit to a library makes a new version of
    /// every policy that includes it, and the same files give the same version wherever they are read from.
    /// </summary>
    public static string Of(CheckedPolicy check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var file = check.File.Source;
        if (check.Model.Libraries.Length == 0) return Of(file.Text);
        var folder = Path.GetDirectoryName(Path.GetFullPath(file.Path)) ?? "";
        var all = new StringBuilder(file.Text);
        foreach (var library in check.Model.Libraries)
        {
            var name = Path.GetRelativePath(folder, Path.GetFullPath(library.Source.Path)).Replace(Path.DirectorySeparatorChar, '/');
            all.Append('\0').Append(name).Append('\0').Append(library.Source.Text);
        }
        return Of(all.ToString());
    }
}
