namespace Appraisal.Impact.Tests;

/// <summary>
/// Each team file in Cases/teams is read against Cases/teams/团队.policy and rendered — its columns, each row's facts and
/// outputs, or every error at its row and column in both languages — and compared with NAME.approved.txt beside it.
/// </summary>
public sealed class TeamFileCaseTests
{
    public static TheoryData<string> Files() => [.. Directory.GetFiles(TestTeams.Cases, "*.csv").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Files))]
    public void A_team_file_reads_as_approved(string file)
    {
        var rendered = TestTeams.Render(Path.Combine(TestTeams.Cases, file), TestTeams.TeamPolicy);
        GoldenFile.Verify(Path.Combine(TestTeams.CaseSources, Path.GetFileNameWithoutExtension(file) + ".approved.txt"), rendered);
    }
}
