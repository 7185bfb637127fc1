namespace Appraisal.Cli;

/// <summary>
/// The program's standard input, and which of its streams are terminals (colour, the "waiting for standard input"
/// message). The console's by default; a test runs the program with its own input and "terminals" through
/// <see cref="Use"/> (for the current async flow only, so tests in parallel do not see each other's).
/// </summary>
public static class Terminal
{
    private sealed record Override(TextReader In, bool InIsTerminal, IReadOnlyList<TextWriter> Terminals);

    private static readonly AsyncLocal<Override?> Current = new();

    /// <summary>Standard input.</summary>
    public static TextReader In => Current.Value?.In ?? Console.In;

    /// <summary>Standard input is a terminal (a person typing), not a file or a pipe.</summary>
    public static bool InIsTerminal => Current.Value?.InIsTerminal ?? !Console.IsInputRedirected;

    /// <summary>Whether <paramref name="writer"/> writes to a terminal: the console's own stdout or stderr, not redirected.</summary>
    public static bool IsTerminal(TextWriter writer) => Current.Value is { } given
        ? given.Terminals.Contains(writer)
        : (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected) || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);

    /// <summary>
    /// Runs with <paramref name="input"/> as standard input (a terminal when <paramref name="inputIsTerminal"/>) and
    /// <paramref name="terminals"/> taken for terminals, until the result is disposed.
    /// </summary>
    public static IDisposable Use(TextReader input, bool inputIsTerminal = false, params TextWriter[] terminals)
    {
        var previous = Current.Value;
        Current.Value = new Override(input, inputIsTerminal, terminals);
        return new Restore(() => Current.Value = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
