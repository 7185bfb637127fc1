using System.Text.RegularExpressions;

namespace Appraisal.Cli;

/// <summary>
/// ANSI colour for a stream that is a terminal, none when it is redirected to a file or a pipe, when <c>NO_COLOR</c> is
/// set to anything (https://no-color.org) or when <c>TERM</c> is <c>dumb</c>.
/// </summary>
internal readonly partial struct Colour(bool enabled)
{
    public bool Enabled => enabled;

    public static Colour For(TextWriter writer) => new(Terminal.IsTerminal(writer)
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb");

    public string Red(string text) => Paint("31", text);
    public string Green(string text) => Paint("32", text);
    public string Yellow(string text) => Paint("33", text);
    public string Bold(string text) => Paint("1", text);
    public string Dim(string text) => Paint("2", text);

    private string Paint(string code, string text) => enabled && text.Length > 0 ? $"\e[{code}m{text}\e[0m" : text;

    /// <summary>
    /// Diagnostics printed as text (<c>file(line,col): error CODE: message</c>, source line, caret, hint) with the
    /// severity word coloured on each heading line and the caret line in the same colour; unchanged when off.
    /// </summary>
    public string Diagnostics(string text)
    {
        if (!enabled) return text;
        var lines = text.Split('\n');
        string? caretColour = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Heading().Match(lines[i]);
            if (match.Success)
            {
                var severity = match.Groups["severity"];
                caretColour = severity.Value is "error" or "错误" ? "31" : "33";
                lines[i] = lines[i][..severity.Index] + Paint(caretColour, severity.Value) + lines[i][(severity.Index + severity.Length)..];
            }
            else if (caretColour is not null && lines[i].TrimStart(' ').StartsWith('^'))
            {
                lines[i] = Paint(caretColour, lines[i]);
            }
        }
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"^.*\(\d+,\d+\): (?<severity>error|warning|错误|警告) ")]
    private static partial Regex Heading();
}
