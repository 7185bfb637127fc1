using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Embedding;

/// <summary>
/// The entry point for programs that embed the engine: load a policy from text, a file or a directory, read its
/// diagnostics, and evaluate typed or JSON facts.
/// <code>
/// using var policy = PolicyEngine.LoadFile("policies/after-sales/售后客服考核.policy");
/// if (!policy.IsReady) { foreach (var d in policy.Diagnostics) Console.WriteLine(d); return; }
/// var result = policy.Evaluate(policy.Facts().Set("岗位", "普通售后客服").SetPercent("退款率", 6)/* … */.Build());
/// Console.WriteLine(result.Succeeded ? result["工资"].Number : string.Join("\n", result.FactErrors));
/// </code>
/// A mistake in a policy is a diagnostic and a mistake in the facts a fact error — values, never exceptions. Loading
/// goes through <see cref="PolicyPipeline"/>, as the command line and the service do.
/// </summary>
public static class PolicyEngine
{
    /// <summary>The file name policy text is given when none is: diagnostics are located in it.</summary>
    public const string DefaultFileName = "policy.policy";

    /// <summary>
    /// Loads policy text. Its <c>include</c>s are read from <see cref="PolicyLoadOptions.IncludeDirectory"/>, or not at
    /// all (diagnostic PL1001) when that is not set.
    /// </summary>
    /// <param name="fileName">The name diagnostics and runtime errors are located in.</param>
    public static LoadedPolicy Load(string text, string fileName = DefaultFileName, PolicyLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        options ??= PolicyLoadOptions.Default;
        var includes = options.IncludeDirectory is { } root ? new IncludeReader(root) : IncludeReader.None;
        return new LoadedPolicy(fileName, text, PolicyPipeline.Load(new SourceText(fileName, text), includes), options);
    }

    /// <summary>Loads a policy file; its includes are read relative to it.</summary>
    /// <exception cref="IOException">The file cannot be read (as <see cref="File.ReadAllText(string)"/>).</exception>
    public static LoadedPolicy LoadFile(string path, PolicyLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= PolicyLoadOptions.Default;
        var source = SourceText.FromFile(path);
        return new LoadedPolicy(path, source.Text, PolicyPipeline.Load(source, new IncludeReader()), options);
    }

    /// <summary>
    /// Loads every <c>*.policy</c> file under a directory (recursively), each named by its path under the directory
    /// without <c>.policy</c> (<c>after-sales/售后客服考核</c>) as the service names them. Includes are read only inside
    /// the directory; libraries are not listed (they evaluate only through the policies that include them).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">There is no such directory.</exception>
    /// <exception cref="IOException">A policy file cannot be read.</exception>
    public static PolicyCollection LoadDirectory(string directory, PolicyLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        options ??= PolicyLoadOptions.Default;
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"no policy directory at {root}");
        var includes = new IncludeReader(root);
        var policies = new List<LoadedPolicy>();
        foreach (var path in Directory.EnumerateFiles(root, "*.policy", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            var text = File.ReadAllText(path);
            var policy = new LoadedPolicy(relative[..^".policy".Length], text, PolicyPipeline.Load(new SourceText(relative, text), includes), options);
            if (policy.IsLibrary) policy.Dispose();
            else policies.Add(policy);
        }
        return new PolicyCollection(root, policies);
    }
}
