using System.Collections.Immutable;
using Appraisal.Engine;
using Appraisal.Engine.Versions;
using Appraisal.Ledger.Registry;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Ledger.Tests;

/// <summary>The policy registry, the same on every store: versions kept by their hash, publications append-only.</summary>
public abstract partial class LedgerContract
{
    private const string Grades = "grades/等级";

    private static StoredVersion Version(string text, string policy = Grades, string path = "policies/grades/等级.policy", DateTimeOffset? at = null)
    {
        var check = Checker.Check(new SourceText(policy + ".policy", text), IncludeReader.None);
        Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
        var source = PolicySource.From(check, policy);
        return new StoredVersion(policy, PolicyHash.Of(check), source, "", path, at ?? T0);
    }

    private static string GradePolicy(int threshold) => $$"""
        policy 等级
        input { 得分: points }
        output 等级: text = if 得分 >= {{threshold}} then "优" else "良"
        """;

    private static PublicationRequest Publish(StoredVersion version, string effective, string by = "hr-admin", string message = "", DateTimeOffset? at = null) =>
        new(version, DateOnly.Parse(effective, System.Globalization.CultureInfo.InvariantCulture), by, message, at ?? T0);

    [Fact]
    public async Task A_kept_version_is_found_by_policy_and_hash_with_its_files_and_checks_to_the_same_hash()
    {
        var version = Version(GradePolicy(90));

        var kept = await Ledger.KeepVersionAsync(version);
        var found = await Ledger.FindVersionAsync(Grades, version.Version);

        Assert.Equal(version, kept);
        Assert.NotNull(found);
        Assert.Equal(version, found);
        Assert.Equal(version.Version, PolicyHash.Of(found.Source.Check()));
        Assert.Null(await Ledger.FindVersionAsync(Grades, "0000000000000000"));
        Assert.Null(await Ledger.FindVersionAsync("other/policy", version.Version));
    }

    [Fact]
    public async Task Keeping_a_version_again_keeps_the_first_path_and_time()
    {
        var first = Version(GradePolicy(90));
        await Ledger.KeepVersionAsync(first);

        var again = await Ledger.KeepVersionAsync(first with { SourcePath = "elsewhere.policy", FirstSeenAt = T0.AddDays(3) });

        Assert.Equal(first, again);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM policy_versions"));
    }

    [Fact]
    public async Task A_version_whose_hash_is_not_that_of_its_files_is_refused()
    {
        var version = Version(GradePolicy(90));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Ledger.KeepVersionAsync(version with { Version = "0123456789abcdef" }));

        Assert.Contains("is not the hash of its files", error.Message);
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM policy_versions"));
    }

    [Fact]
    public async Task A_version_with_libraries_is_kept_with_their_text_and_checks_back_from_them_alone()
    {
        var folder = Directory.CreateTempSubdirectory("registry-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "grades"));
            Directory.CreateDirectory(Path.Combine(folder.FullName, "shared"));
            File.WriteAllText(Path.Combine(folder.FullName, "shared", "门槛.policy"), "library 门槛\nparam 优秀线: points = 90\n");
            var text = "policy 等级\ninclude \"../shared/门槛.policy\"\ninput { 得分: points }\noutput 等级: text = if 得分 >= 优秀线 then \"优\" else \"良\"\n";
            var check = Checker.Check(new SourceText("grades/等级.policy", text), new IncludeReader(folder.FullName));
            Assert.False(check.HasErrors, string.Join("\n", check.Diagnostics));
            var version = new StoredVersion(Grades, PolicyHash.Of(check), PolicySource.From(check, Grades), "", "grades/等级.policy", T0);

            await Ledger.KeepVersionAsync(version);
            folder.Delete(recursive: true); // the files are gone: the registry alone must do
            var found = (await Ledger.FindVersionAsync(Grades, version.Version))!;

            Assert.Equal([new PolicySourceFile("../shared/门槛.policy", "library 门槛\nparam 优秀线: points = 90\n")], found.Source.Libraries.ToArray());
            var again = found.Source.Check();
            Assert.False(again.HasErrors, string.Join("\n", again.Diagnostics));
            Assert.Equal(version.Version, PolicyHash.Of(again));
        }
        finally
        {
            if (folder.Exists) folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_publication_keeps_its_version_and_is_listed_in_order_with_who_when_and_why()
    {
        var v1 = Version(GradePolicy(90));
        var v2 = Version(GradePolicy(85));

        var first = await Ledger.PublishAsync(Publish(v1, "2026-01-01", message: "年度方案"));
        var second = await Ledger.PublishAsync(Publish(v2, "2026-07-01", by: "主管", message: "下调优秀线", at: T0.AddDays(1)));
        await Ledger.PublishAsync(Publish(Version(GradePolicy(80), policy: "other/别的"), "2026-01-01"));

        Assert.True(second.Id > first.Id);
        Assert.Equal([first, second], await Ledger.PublicationsAsync(Grades));
        Assert.Equal([second], await Ledger.PublicationsAsync(Grades, afterId: first.Id));
        Assert.Equal(3, (await Ledger.PublicationsAsync()).Count);
        Assert.Equal(("主管", "下调优秀线", new DateOnly(2026, 7, 1), T0.AddDays(1)), (second.PublishedBy, second.Message, second.EffectiveFrom, second.PublishedAt));
        Assert.NotNull(await Ledger.FindVersionAsync(Grades, v2.Version));
    }

    [Fact]
    public async Task Publications_and_kept_versions_are_never_changed_or_deleted_even_past_the_ledger()
    {
        await Ledger.PublishAsync(Publish(Version(GradePolicy(90)), "2026-01-01"));

        foreach (var sql in new[]
                 {
                     "UPDATE policy_publications SET effective_from = '2025-01-01'", "DELETE FROM policy_publications",
                     "UPDATE policy_versions SET source_json = '{}'", "DELETE FROM policy_versions",
                 })
        {
            var error = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => ExecuteSqlAsync(sql));
            Assert.Contains("append-only", error.Message);
        }
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM policy_publications"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM policy_versions"));
    }

    [Fact]
    public async Task The_publication_in_force_is_the_latest_effective_on_the_day_and_a_correction_with_the_same_date_wins()
    {
        var v1 = Version(GradePolicy(90));
        var v2 = Version(GradePolicy(85));
        var fix = Version(GradePolicy(86));
        var p1 = await Ledger.PublishAsync(Publish(v1, "2026-01-01"));
        var p2 = await Ledger.PublishAsync(Publish(v2, "2026-07-01"));
        var all = await Ledger.PublicationsAsync(Grades);

        Assert.Null(PolicyRegistry.InForce(all, Grades, new DateOnly(2025, 12, 31)));
        Assert.Equal(p1, PolicyRegistry.InForce(all, Grades, new DateOnly(2026, 4, 1)));
        Assert.Equal(p1, PolicyRegistry.InForce(all, Grades, new DateOnly(2026, 6, 30)));
        Assert.Equal(p2, PolicyRegistry.InForce(all, Grades, new DateOnly(2026, 7, 1)));

        var correction = await Ledger.PublishAsync(Publish(fix, "2026-07-01", message: "更正"));
        all = await Ledger.PublicationsAsync(Grades);
        Assert.Equal(correction, PolicyRegistry.InForce(all, Grades, new DateOnly(2026, 10, 1)));
        Assert.Null(PolicyRegistry.InForce(all, "other/别的", new DateOnly(2026, 10, 1)));
    }

    [Fact]
    public async Task A_record_keeps_the_engine_the_basis_of_its_version_the_earlier_periods_and_its_group()
    {
        var record = Record("g/a") with
        {
            EngineVersion = "0.1.0+abc", VersionBasis = "published:7", EarlierJson = """{"2025-Q4":{"绩效工资":"1000"}}""", GroupId = "g",
        };

        await Ledger.AppendAsync(record);
        await Ledger.AppendAsync(Record("single"));

        var found = (await Ledger.FindAsync("g/a"))!;
        Assert.Equal(("0.1.0+abc", "published:7", """{"2025-Q4":{"绩效工资":"1000"}}""", "g"),
            (found.EngineVersion, found.VersionBasis, found.EarlierJson, found.GroupId));
        Assert.Equal(["g/a"], (await Ledger.AuditAsync(new AuditQuery { GroupId = "g" })).Select(r => r.RequestId));
        Assert.Equal(["g/a", "single"], (await Ledger.AuditAsync(new AuditQuery { Period = "2026-Q1" })).Select(r => r.RequestId));
        Assert.Null((await Ledger.FindAsync("single"))!.GroupId);
    }

    [Fact]
    public async Task Waiting_for_publications_returns_within_the_timeout_and_a_publication_is_then_read()
    {
        await Ledger.WaitForPublicationsAsync(TimeSpan.FromMilliseconds(50)); // starts listening where the store can
        var published = await Ledger.PublishAsync(Publish(Version(GradePolicy(90)), "2026-01-01"));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Ledger.WaitForPublicationsAsync(TimeSpan.FromSeconds(10));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"waited {clock.Elapsed}");
        Assert.Equal([published], await Ledger.PublicationsAsync(afterId: 0));
    }
}
