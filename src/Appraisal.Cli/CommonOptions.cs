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

    /// <summary>
    /// An option that takes a whole number from <paramref name="minimum"/> to <paramref name="maximum"/>. A bad value is a
    /// usage error in the option's words (<c>--top takes a whole number, not 'x'</c>), not System.CommandLine's (which
    /// names the CLR type).
    /// </summary>
    public static Option<int> WholeNumber(string name, string description, int defaultValue, int minimum = 0, int maximum = int.MaxValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0) return defaultValue;
            var text = result.Tokens[^1].Value;
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
                && value >= minimum && value <= maximum)
                return value;
            result.AddError(maximum < int.MaxValue ? $"{name} takes a whole number from {minimum} to {maximum}, not '{text}'"
                : minimum > 0 ? $"{name} takes a whole number of at least {minimum}, not '{text}'" : $"{name} takes a whole number, not '{text}'");
            return defaultValue;
        },
    };

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
