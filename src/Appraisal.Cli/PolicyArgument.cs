using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;
using Appraisal.Policy.Tooling;

namespace Appraisal.Cli;

/// <summary>
/// The policy an <c>eval</c> is asked for: a file; a directory holding one policy (libraries aside); or a policy id as
/// the service names it (<c>after-sales/售后客服考核</c>, its path under the policy directory without <c>.policy</c>),
/// looked up among the files under the nearest <c>policies/</c> folder at or above the current directory, the service's
/// default directory, and never opened as a path (<c>../x</c> names nothing).
/// </summary>
internal static class PolicyArgument
{
    /// <summary>The policy file, or null after a usage error on stderr.</summary>
    public static string? Resolve(string argument, TextWriter stderr, Language language)
    {
        string Say(string en, string zh) => CommonOptions.Say(language, en, zh);
        if (File.Exists(argument)) return argument;
        if (Directory.Exists(argument))
        {
            var policies = PolicyPaths.Expand([argument]).Files.Where(f => !IsLibrary(f)).ToList();
            if (policies.Count == 1) return policies[0];
            stderr.WriteLine(policies.Count == 0
                ? Say($"policy: no policy in {argument}", $"policy：{argument} 中没有策略")
                : Say($"policy: {argument} holds {policies.Count} policies; name one: {string.Join(", ", policies.Select(p => Id(argument, p)))}",
                    $"policy：{argument} 中有 {policies.Count} 个策略，请指定其一：{string.Join("、", policies.Select(p => Id(argument, p)))}"));
            return null;
        }
        if (NearestPolicies(Environment.CurrentDirectory) is { } directory)
        {
            var found = PolicyPaths.Expand([directory]).Files.FirstOrDefault(f => Id(directory, f) == argument);
            if (found is not null) return Path.GetRelativePath(Environment.CurrentDirectory, found);
        }
        stderr.WriteLine(Say($"policy: path not found: {argument} (nor a policy id under the nearest policies/ folder)",
            $"policy：路径不存在：{argument}（最近的 policies/ 目录下也没有这个策略 id）"));
        return null;
    }

    /// <summary>A policy's id under a policy directory: its relative path with '/' and without <c>.policy</c>.</summary>
    private static string Id(string directory, string file)
    {
        var relative = Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/');
        return relative.EndsWith(PolicyPaths.Extension, StringComparison.Ordinal) ? relative[..^PolicyPaths.Extension.Length] : relative;
    }

    /// <summary>The nearest <c>policies/</c> folder at or above <paramref name="start"/>, as the service finds its default one.</summary>
    private static string? NearestPolicies(string start)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(start)); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "policies");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static bool IsLibrary(string file)
    {
        try
        {
            return Parser.Parse(SourceText.FromFile(file)).File.Kind == FileKind.Library;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // unreadable: kept, and the load that follows reports why
        }
    }
}
