using System.CommandLine;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Tooling;

namespace Appraisal.Cli;

/// <summary>Options and helpers that several commands share.</summary>
internal static class CommonOptions
{
    public static Argument<string[]> Paths() => new("paths")
    {
        Description = "Policy files, or directories to search for *.policy files",
        Arity = ArgumentArity.OneOrMore,
        Validators = { RejectUnknownOptions },
    };

    // Paths take any token, so a misspelt option would otherwise be taken for a path.
    private static void RejectUnknownOptions(System.CommandLine.Parsing.ArgumentResult result)
    {
        foreach (var token in result.Tokens)
        {
            var value = token.Value;
            if (value.Length > 1 && value[0] == '-' && !File.Exists(value) && !Directory.Exists(value))
                result.AddError($"unknown option '{value}'");
        }
    }

    /// <summary>
    /// --lang en|zh. Read it with <see cref="GetLanguage"/>.
    /// </summary>
    public static Option<string> Language()
    {
        var option = new Option<string>("--lang")
        {
            Description = "Language of messages",
            DefaultValueFactory = _ => "en",
        };
        option.AcceptOnlyFromAmong("en", "zh");
        return option;
    }

    public static Language GetLanguage(ParseResult parseResult, Option<string> option) =>
        parseResult.GetValue(option) == "zh" ? Policy.Diagnostics.Language.Zh : Policy.Diagnostics.Language.En;

    /// <summary>
    /// Expands the path arguments; reports paths that do not exist (and an empty result) on stderr.
    /// Returns null when the command should stop with <see cref="ExitCodes.Usage"/>.
    /// </summary>
    public static IReadOnlyList<string>? ExpandPaths(IEnumerable<string> paths, TextWriter stderr, Language language)
    {
        var set = PolicyPaths.Expand(paths);
        foreach (var missing in set.NotFound)
            stderr.WriteLine(Say(language, $"policy: path not found: {missing}", $"policy：路径不存在：{missing}"));
        if (set.NotFound.Length > 0) return null;
        if (set.Files.IsEmpty)
        {
            stderr.WriteLine(Say(language, "policy: no .policy files found", "policy：没有找到 .policy 文件"));
            return null;
        }
        return set.Files;
    }

    public static string Say(Language language, string en, string zh) => language == Policy.Diagnostics.Language.Zh ? zh : en;
}
