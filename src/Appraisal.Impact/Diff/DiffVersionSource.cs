using System.Globalization;
using Appraisal.Policy.Text;

namespace Appraisal.Impact.Diff;

/// <summary>
/// Where one side of a comparison came from, as reports name it: a policy file (its path as given), or the ledger's
/// policy registry (the reference as given, the policy id and, for a version chosen by date, the publication in force
/// on that day and its effective date).
/// </summary>
public sealed record DiffVersionSource
{
    /// <summary><c>file</c>, <c>ledger</c> or <c>service</c> (a version a service holds, or text sent to it: <see cref="Path"/> names it).</summary>
    public required string Kind { get; init; }

    /// <summary>The policy file as given (a <c>file</c> source).</summary>
    public string? Path { get; init; }

    /// <summary>The registry reference as given: <c>ledger:after-sales/售后客服考核@2026-04-01</c> (a <c>ledger</c> source).</summary>
    public string? Reference { get; init; }

    /// <summary>The policy id in the registry.</summary>
    public string? PolicyId { get; init; }

    /// <summary>The day whose version in force was asked for (a date reference, or today for a bare policy id).</summary>
    public DateOnly? Day { get; init; }

    /// <summary>The publication in force on <see cref="Day"/>.</summary>
    public long? PublicationId { get; init; }

    /// <summary>The effective date of that publication.</summary>
    public DateOnly? EffectiveFrom { get; init; }

    public bool IsLedger => Kind == "ledger";

    /// <summary>A policy file.</summary>
    public static DiffVersionSource File(string path) => new() { Kind = "file", Path = path };

    /// <summary>A version a service holds or was sent, named by <paramref name="label"/> (<c>served after-sales/售后客服考核 (published:3)</c>).</summary>
    public static DiffVersionSource Service(string label, string policyId) => new() { Kind = "service", Path = label, PolicyId = policyId };

    /// <summary>
    /// Where the version came from, in both languages, with its hash: <c>file new.policy, version 1a2b…</c>, or
    /// <c>ledger grades/等级, publication 2 in force on 2026-04-01 (effective from 2026-04-01), version 1a2b…</c>.
    /// </summary>
    public Bilingual Describe(string? hash)
    {
        var version = hash is null ? ("", "") : ($", version {hash}", $"，版本 {hash}");
        if (Kind == "service") return new Bilingual($"{Path}{version.Item1}", $"{Path}{version.Item2}");
        if (!IsLedger) return new Bilingual($"file {Path}{version.Item1}", $"文件 {Path}{version.Item2}");
        if (PublicationId is { } id && Day is { } day)
        {
            var on = Date(day);
            var from = EffectiveFrom is { } f ? Date(f) : on;
            return new Bilingual($"ledger {PolicyId}, publication {id} in force on {on} (effective from {from}){version.Item1}",
                $"台账登记簿 {PolicyId}，{on} 生效中的发布 #{id}（自 {from} 起生效）{version.Item2}");
        }
        return new Bilingual($"ledger {PolicyId}{version.Item1}", $"台账登记簿 {PolicyId}{version.Item2}");
    }

    /// <summary>A short form for a CSV cell: <c>ledger:grades/等级@2026-04-01 version 1a2b… publication 2</c>.</summary>
    public string Short(string? hash) =>
        (IsLedger ? Reference : Path) + (hash is null ? "" : " version " + hash)
        + (PublicationId is { } id ? " publication " + id.ToString(CultureInfo.InvariantCulture) : "");

    internal static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
