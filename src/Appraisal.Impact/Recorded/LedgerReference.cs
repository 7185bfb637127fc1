using System.Globalization;
using Appraisal.Policy.Text;

namespace Appraisal.Impact.Recorded;

/// <summary>
/// A policy version named by the ledger's policy registry: <c>ledger:POLICY_ID@HASH</c> (a kept version by its 16-hex-digit
/// version hash), <c>ledger:POLICY_ID@2026-04-01</c> (the version published and in force on that day) or
/// <c>ledger:POLICY_ID</c> (the version in force today). Resolved by <see cref="LedgerVersions"/>.
/// </summary>
/// <param name="PolicyId">The policy id, e.g. <c>after-sales/售后客服考核</c>.</param>
/// <param name="Version">A version hash (16 lowercase hex digits), or null.</param>
/// <param name="Day">The day whose version in force is meant, or null (with no <paramref name="Version"/>: today).</param>
public sealed record LedgerReference(string PolicyId, string? Version = null, DateOnly? Day = null)
{
    public const string Prefix = "ledger:";

    /// <summary>Whether a version argument names the registry (starts with <c>ledger:</c>) rather than a file.</summary>
    public static bool IsReference(string text) => text.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// Reads a reference, or says what is wrong with it (in both languages, naming it): no policy id, or after <c>@</c>
    /// neither a version hash nor a date.
    /// </summary>
    public static (LedgerReference? Reference, Bilingual? Error) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsReference(text))
            return (null, new Bilingual($"'{text}' is not a ledger reference (ledger:POLICY_ID, ledger:POLICY_ID@HASH or ledger:POLICY_ID@2026-04-01)",
                $"「{text}」不是台账登记簿引用（ledger:策略id、ledger:策略id@版本哈希 或 ledger:策略id@2026-04-01）"));
        var body = text[Prefix.Length..];
        var at = body.LastIndexOf('@');
        var policyId = at < 0 ? body : body[..at];
        if (policyId.Trim().Length == 0)
            return (null, new Bilingual($"{text}: no policy id after 'ledger:' (e.g. ledger:after-sales/售后客服考核@2026-04-01)",
                $"{text}：「ledger:」之后缺少策略 id（例如 ledger:after-sales/售后客服考核@2026-04-01）"));
        if (at < 0) return (new LedgerReference(policyId), null);
        var tail = body[(at + 1)..];
        if (tail.Length == 16 && tail.All(char.IsAsciiHexDigit)) return (new LedgerReference(policyId, Version: tail.ToLowerInvariant()), null);
        if (tail.Length == 10 && DateOnly.TryParseExact(tail, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return (new LedgerReference(policyId, Day: day), null);
        return (null, new Bilingual($"{text}: after '@' a version hash (16 hex digits) or a date such as 2026-04-01, found \"{tail}\"",
            $"{text}：「@」之后应为版本哈希（16 位十六进制）或日期（例如 2026-04-01），实际为 \"{tail}\""));
    }

    /// <summary>The reference as written: <c>ledger:after-sales/售后客服考核@2026-04-01</c>.</summary>
    public override string ToString() =>
        Prefix + PolicyId + (Version is { } v ? "@" + v : Day is { } d ? "@" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "");
}
