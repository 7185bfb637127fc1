namespace Appraisal.Service;

/// <summary>Bearer tokens (configuration section <c>Security</c>); see <see cref="TokenCheck"/>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>One accepted token, without a name (its caller is recorded as <c>token</c>).</summary>
    public string? Token { get; set; }

    /// <summary>Several accepted tokens without names (e.g. while rotating one).</summary>
    public List<string> Tokens { get; set; } = [];

    /// <summary>
    /// Accepted tokens with the name of who holds each (<c>{"Name": "hr-ops", "Token": "…"}</c>): the name is what a
    /// publication records as its publisher.
    /// </summary>
    public List<CallerToken> Callers { get; set; } = [];

    /// <summary>Every configured token, blanks dropped.</summary>
    public IReadOnlyList<string> All() => Named().Select(c => c.Token).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Every configured token with its caller's name (<c>token</c> for the unnamed ones), blanks dropped.</summary>
    public IReadOnlyList<(string Name, string Token)> Named() =>
        Callers.Where(c => !string.IsNullOrWhiteSpace(c.Token))
            .Select(c => (string.IsNullOrWhiteSpace(c.Name) ? UnnamedCaller : c.Name.Trim(), c.Token!.Trim()))
            .Concat(Tokens.Append(Token).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => (UnnamedCaller, t!.Trim())))
            .ToList();

    /// <summary>The caller's name for a token configured without one.</summary>
    public const string UnnamedCaller = "token";
}

/// <summary>One accepted token and the name of its holder (<see cref="SecurityOptions.Callers"/>).</summary>
public sealed class CallerToken
{
    public string? Name { get; set; }
    public string? Token { get; set; }
}
