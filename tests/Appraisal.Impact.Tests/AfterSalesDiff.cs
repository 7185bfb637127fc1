using Appraisal.Engine;
using Appraisal.Impact.Diff;
using Appraisal.Impact.Teams;

namespace Appraisal.Impact.Tests;

/// <summary>
/// The comparison the issue asks to be shown: the after-sales policy and its changed version (KPI pool 1000 → 1200
/// yuan, full refund marks up to 6% instead of 5%) over a generated team of 10,000 (seed 2026), read from a CSV file.
/// Computed once for the tests that look at it.
/// </summary>
public sealed class AfterSalesDiff : IDisposable
{
    public const int Subjects = 10_000;
    public const int Seed = 2026;

    public AfterSalesDiff()
    {
        Folder = Directory.CreateTempSubdirectory("impact-diff-").FullName;
        TeamPath = Path.Combine(Folder, "售后团队.csv");
        TestTeams.WriteAfterSalesTeam(TeamPath, Subjects, Seed);
        OldPath = Path.Combine(Folder, "售后客服考核.policy");
        NewPath = Path.Combine(Folder, "售后客服考核.new.policy");
        File.WriteAllText(OldPath, TestTeams.AfterSalesText);
        File.WriteAllText(NewPath, TestTeams.AfterSalesChanged);
        var old = new DiffVersion("售后客服考核.policy", TestTeams.Plan(OldPath, TestTeams.AfterSalesText), PolicyHash.Of(TestTeams.AfterSalesText));
        var @new = new DiffVersion("售后客服考核.new.policy", TestTeams.Plan(NewPath, TestTeams.AfterSalesChanged), PolicyHash.Of(TestTeams.AfterSalesChanged));
        var opened = TeamFile.Open(TeamPath, [old.Plan.Inputs, @new.Plan.Inputs]);
        using var team = opened.File ?? throw new InvalidOperationException("the generated team does not open: " + string.Join("\n", opened.Errors));
        var result = PolicyDiff.Run(old, @new, team.Members());
        Report = result.Report ?? throw new InvalidOperationException(string.Join("\n", result.Errors));
    }

    public string Folder { get; }
    public string TeamPath { get; }
    public string OldPath { get; }
    public string NewPath { get; }
    public DiffReport Report { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
