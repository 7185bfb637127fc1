using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Appraisal.Cli;

/// <summary>
/// How a command line that does not parse is reported: each error on a line of its own, then for a misspelt command or
/// option what System.CommandLine's typo correction suggests (<c>policy: 'chek': did you mean check?</c>), then where
/// help is; never the full help text.
/// </summary>
internal static class UsageErrors
{
    public static int Write(ParseResult parseResult, TextWriter stderr)
    {
        var command = parseResult.CommandResult.Command;
        if (MissingCommand(parseResult))
        {
            // One line that says what to type, instead of System.CommandLine's "Required command was not provided." and a pointer to help.
            var group = command is RootCommand ? "policy" : $"policy {command.Name}";
            var commands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
            stderr.WriteLine($"{group}: which command? {string.Join(", ", commands[..^1])} or {commands[^1]} ('{group} --help' says what each does)");
            return ExitCodes.Usage;
        }
        foreach (var error in parseResult.Errors) stderr.WriteLine($"policy: {error.Message}");
        foreach (var token in Misspelt(parseResult).Distinct(StringComparer.Ordinal))
        {
            var suggestions = Suggestions(command, token);
            if (suggestions.Count > 0) stderr.WriteLine($"policy: '{token}': did you mean {string.Join(" or ", suggestions)}?");
        }
        var name = command is RootCommand ? "policy" : $"policy {command.Name}";
        stderr.WriteLine(Colour.For(stderr).Dim($"Run '{name} --help' for usage."));
        return ExitCodes.Usage;
    }

    /// <summary>A command that only groups others (the root) given nothing else: its only error is that a subcommand is missing.</summary>
    private static bool MissingCommand(ParseResult parseResult) =>
        parseResult.CommandResult.Command is { Action: null, Subcommands.Count: > 1 }
        && parseResult.Errors.Count == 1 && parseResult.UnmatchedTokens.Count == 0
        && parseResult.Tokens.All(t => t.Type == TokenType.Command);

    /// <summary>
    /// The tokens that may be misspellings: those nothing matched, and the option-like tokens a paths argument refused
    /// (<see cref="CommonOptions.Paths"/> takes any token, so a misspelt option reaches it as a path).
    /// </summary>
    private static IEnumerable<string> Misspelt(ParseResult parseResult)
    {
        foreach (var token in parseResult.UnmatchedTokens) yield return token;
        foreach (var token in parseResult.Tokens)
        {
            if (token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-' && !File.Exists(token.Value) && !Directory.Exists(token.Value))
                yield return token.Value;
        }
    }

    /// <summary>
    /// System.CommandLine's own typo correction for <paramref name="token"/> among the subcommands and options of
    /// <paramref name="command"/>. Its corrections are printed by <see cref="ParseErrorAction"/>; this runs that action
    /// on the token alone against a command with the same names, and keeps the lines that are one of those names (the
    /// other lines are its localized heading).
    /// </summary>
    internal static IReadOnlyList<string> Suggestions(Command command, string token)
    {
        var names = new RootCommand();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subcommand in command.Subcommands.Where(c => !c.Hidden))
        {
            var copy = new Command(subcommand.Name);
            foreach (var alias in subcommand.Aliases) copy.Aliases.Add(alias);
            names.Subcommands.Add(copy);
            known.Add(subcommand.Name);
            known.UnionWith(subcommand.Aliases);
        }
        foreach (var option in command.Options.Where(o => !o.Hidden && o.Name is not ("--help" or "--version")))
        {
            var copy = new Option<bool>(option.Name, [.. option.Aliases]);
            names.Options.Add(copy);
            known.Add(option.Name);
            known.UnionWith(option.Aliases);
        }
        var parsed = names.Parse([token]);
        if (parsed.Action is not ParseErrorAction action) return [];
        action.ShowHelp = false;
        action.ShowTypoCorrections = true;
        var output = new StringWriter();
        parsed.Invoke(new InvocationConfiguration { Output = output, Error = TextWriter.Null });
        return output.ToString().Split('\n', StringSplitOptions.TrimEntries).Where(known.Contains).Distinct().ToList();
    }
}
