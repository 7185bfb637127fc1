using System.Security.Cryptography;
using System.Text;
using Appraisal.Policy.Semantics;

namespace Appraisal.Engine;

/// <summary>
/// The version hash of a policy, as the service reports it (<c>version.hash</c>) and the ledger records it: the first
/// 16 hex digits of the SHA-256 of its text and, when it includes libraries, of theirs.
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
    /// The version of a checked policy: <see cref="Of(string)"/> of its text, or, when it includes libraries, of its text
    /// and theirs, so an edit to a library makes a new version of every policy that includes it.
    /// </summary>
    public static string Of(string text, CheckedPolicy check)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(check);
        if (check.Model.Libraries.Length == 0) return Of(text);
        var all = new StringBuilder(text);
        foreach (var library in check.Model.Libraries) all.Append('\0').Append(library.Source.Path).Append('\0').Append(library.Source.Text);
        return Of(all.ToString());
    }
}
