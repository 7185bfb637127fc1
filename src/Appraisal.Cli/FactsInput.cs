using Appraisal.Policy.Diagnostics;

namespace Appraisal.Cli;

/// <summary>
/// Where <c>eval</c> reads its facts: <c>--facts FILE</c>, <c>--facts -</c> or no <c>--facts</c> for standard input,
/// <c>--facts '{…}'</c> for JSON given inline (a value whose first non-blank character is <c>{</c>). Opened when first
/// read, so a command that reads no facts (<c>--group --team</c>) never waits for standard input; reading a terminal
/// first says so on stderr, instead of seeming to hang.
/// </summary>
internal sealed class FactsInput(string? argument, TextWriter stderr, Language language) : IDisposable
{
    private TextReader? _reader;
    private bool _owned;

    /// <summary>The argument names a file (not standard input, not inline JSON).</summary>
    public static bool IsFile(string? argument) => argument is not null && argument != "-" && !IsInline(argument);

    public static bool IsInline(string argument) => argument.TrimStart().StartsWith('{');

    public TextReader Reader => _reader ??= Open();

    private TextReader Open()
    {
        if (argument is not null && IsInline(argument))
        {
            _owned = true;
            return new StringReader(argument);
        }
        if (IsFile(argument))
        {
            _owned = true;
            return new StreamReader(argument!);
        }
        if (Terminal.InIsTerminal)
        {
            stderr.WriteLine(CommonOptions.Say(language,
                "policy: waiting for facts on standard input (JSON, then Ctrl-D); or give --facts FILE, or --facts '{...}'",
                "policy：正在从标准输入读取事实（JSON，以 Ctrl-D 结束）；也可用 --facts 文件 或 --facts '{...}'"));
        }
        return Terminal.In;
    }

    public void Dispose()
    {
        if (_owned) _reader?.Dispose();
    }
}
