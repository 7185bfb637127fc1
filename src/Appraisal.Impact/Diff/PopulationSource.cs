using System.Globalization;
using Appraisal.Policy.Text;

namespace Appraisal.Impact.Diff;

/// <summary>
/// Where the population came from, as reports name it: a team file, or the facts recorded in the ledger for one policy
/// and period (how many records were read, and which were skipped, with the reason).
/// </summary>
public sealed record PopulationSource
{
    /// <summary><c>team</c> (a team file) or <c>ledger</c> (recorded facts).</summary>
    public required string Kind { get; init; }

    /// <summary>The team file as given (a <c>team</c> source).</summary>
    public string? Path { get; init; }

    /// <summary>The policy id whose records were read (a <c>ledger</c> source).</summary>
    public string? PolicyId { get; init; }

    /// <summary>The recorded period, in canonical form (a <c>ledger</c> source).</summary>
    public string? Period { get; init; }

    /// <summary>Records read, every revision counted (a <c>ledger</c> source).</summary>
    public int Records { get; init; }

    /// <summary>Subjects whose latest revision was taken (a <c>ledger</c> source), skipped ones included.</summary>
    public int Subjects { get; init; }

    /// <summary>Latest revisions not taken into the population, by reason.</summary>
    public IReadOnlyList<SkippedRecords> Skipped { get; init; } = [];

    public int SkippedCount => Skipped.Sum(s => s.Count);

    public bool IsLedger => Kind == "ledger";

    /// <summary>A team file.</summary>
    public static PopulationSource Team(string path) => new() { Kind = "team", Path = path };

    /// <summary>
    /// The population in both languages: <c>team file team.csv</c>, or <c>the ledger's records of grades/等级 for
    /// 2026-Q2: 5 records, the latest revision of 4 subjects; 1 skipped — facts erased by retention: 1 (E3)</c>.
    /// </summary>
    public Bilingual Describe()
    {
        if (!IsLedger) return new Bilingual($"team file {Path}", $"团队文件 {Path}");
        static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        var en = $"the ledger's records of {PolicyId} for {Period}: {N(Records)} record(s), the latest revision of {N(Subjects)} subject(s)";
        var zh = $"台账中 {PolicyId} 在 {Period} 的记录：{N(Records)} 条，取 {N(Subjects)} 人各自的最新修订";
        if (Skipped.Count > 0)
        {
            en += $"; {N(SkippedCount)} skipped — " + string.Join("; ", Skipped.Select(s => $"{s.Message.En}: {N(s.Count)} ({string.Join(", ", s.Examples)}{(s.Count > s.Examples.Count ? ", …" : "")})"));
            zh += $"；跳过 {N(SkippedCount)} 人——" + string.Join("；", Skipped.Select(s => $"{s.Message.Zh}：{N(s.Count)} 人（{string.Join("、", s.Examples)}{(s.Count > s.Examples.Count ? "…" : "")}）"));
        }
        return new Bilingual(en, zh);
    }
}
