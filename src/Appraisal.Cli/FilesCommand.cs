using System.CommandLine;
using Appraisal.Policy.Diagnostics;

namespace Appraisal.Cli;

/// <summary>
/// A command over policy files (<c>check</c>, <c>fmt</c>, <c>test</c>): the paths argument and <c>--lang</c>, the
/// expansion of directories into files, and usage errors for paths that do not exist, in one place.
/// </summary>
internal abstract class FilesCommand : Command
{
    private readonly Argument<string[]> _paths = CommonOptions.Paths();
    private readonly Option<string> _language = CommonOptions.Language();

    protected FilesCommand(string name, string description) : base(name, description)
    {
        Arguments.Add(_paths);
        Options.Add(_language);
        SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var language = CommonOptions.GetLanguage(parseResult, _language);
            var paths = parseResult.GetValue(_paths) ?? [];
            if (paths is ["-"] && ReadsStandardInput) return RunStandardInput(parseResult, stdout, stderr, language);
            var files = CommonOptions.ExpandPaths(paths, stderr, language);
            StartupTimings.Mark("paths");
            return files is null ? ExitCodes.Usage : Run(parseResult, files, stdout, stderr, language);
        });
    }

    /// <summary>The command takes <c>-</c> (alone) for one policy read from standard input.</summary>
    protected virtual bool ReadsStandardInput => false;

    protected virtual int RunStandardInput(ParseResult parseResult, TextWriter stdout, TextWriter stderr, Language language) =>
        throw new NotSupportedException($"{Name} does not read standard input");

    protected abstract int Run(ParseResult parseResult, IReadOnlyList<string> files, TextWriter stdout, TextWriter stderr, Language language);
}
