namespace Appraisal.Service;

/// <summary>Bearer tokens (configuration section <c>Security</c>); see <see cref="TokenCheck"/>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>One accepted token.</summary>
    public string? Token { get; set; }

    /// <summary>Several accepted tokens (e.g. while rotating one).</summary>
    public List<string> Tokens { get; set; } = [];

    /// <summary>Every configured token, blanks dropped.</summary>
    public IReadOnlyList<string> All() =>
        Tokens.Append(Token).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim()).Distinct(StringComparer.Ordinal).ToList();
}
