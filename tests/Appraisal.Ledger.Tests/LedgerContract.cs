namespace Appraisal.Ledger.Tests;

/// <summary>
/// What every ledger store must do. Each store's test class supplies a fresh, empty store per test and runs all of it.
/// </summary>
public abstract partial class LedgerContract : IAsyncLifetime
{
    private const string Pay = "quarterly-pay/季度绩效工资";
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    protected ILedger Ledger { get; private set; } = null!;

    /// <summary>Makes a fresh, empty store (a new file or a new database).</summary>
    protected abstract Task CreateStoreAsync();

    /// <summary>Opens the store (migrating it); may be called again after the ledger was disposed, and while it is open.</summary>
    protected abstract Task<ILedger> OpenAsync();

    /// <summary>Runs SQL against the store directly, past the ledger.</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    protected abstract Task<long> ScalarAsync(string sql);

    protected abstract Task DeleteStoreAsync();

    public async Task InitializeAsync()
    {
        await CreateStoreAsync();
        Ledger = await OpenAsync();
    }

    public async Task DisposeAsync()
    {
        await Ledger.DisposeAsync();
        await DeleteStoreAsync();
    }

    private async Task ReopenAsync()
    {
        await Ledger.DisposeAsync();
        Ledger = await OpenAsync();
    }

    private static LedgerRecord Record(
        string requestId, string subject = "emp-1", string policy = Pay, string period = "2026-Q1",
        string? hash = null, DateTimeOffset? at = null, string outputs = """{"绩效工资":"1200.50"}""") => new()
    {
        RequestId = requestId,
        SubjectId = subject,
        PolicyId = policy,
        Period = period,
        PolicyVersion = "sha256:0123456789abcdef",
        OutputsJson = outputs,
        RequestHash = hash ?? "hash-" + requestId,
        RecordedAt = at ?? T0,
        FactsJson = """{"迟到":2}""",
        ExplanationText = "扣分 = 5 × 迟到",
    };

    // ---- appending and revisions ---------------------------------------------------------------------------------

    [Fact]
    public async Task First_append_is_recorded_as_revision_1_and_is_found_by_its_request_id()
    {
        var result = await Ledger.AppendAsync(Record("r1"));

        Assert.Equal(AppendStatus.Recorded, result.Status);
        Assert.Equal(1, result.Record.Revision);
        Assert.Equal(result.Record, await Ledger.FindAsync("r1"));
        Assert.Null(await Ledger.FindAsync("no-such-request"));
    }

    // ---- a group, all or nothing ---------------------------------------------------------------------------------

    [Fact]
    public async Task A_group_is_appended_in_one_transaction_each_member_its_own_record()
    {
        var results = await Ledger.AppendGroupAsync([Record("g/a", subject: "a"), Record("g/b", subject: "b"), Record("g/c", subject: "c")]);

        Assert.All(results, r => Assert.Equal((AppendStatus.Recorded, 1), (r.Status, r.Record.Revision)));
        Assert.Equal(["a", "b", "c"], results.Select(r => r.Record.SubjectId));
        foreach (var result in results) Assert.Equal(result.Record, await Ledger.FindAsync(result.Record.RequestId));
    }

    [Fact]
    public async Task A_group_appended_again_is_replayed_and_adds_nothing()
    {
        LedgerRecord[] group = [Record("g/a", subject: "a"), Record("g/b", subject: "b")];
        var first = await Ledger.AppendGroupAsync(group);

        var again = await Ledger.AppendGroupAsync(group);

        Assert.All(again, r => Assert.Equal(AppendStatus.Replayed, r.Status));
        Assert.Equal(first.Select(r => r.Record), again.Select(r => r.Record));
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM ledger_records"));
    }

    [Fact]
    public async Task A_group_with_one_clashing_member_writes_none_of_its_members()
    {
        await Ledger.AppendAsync(Record("g/b", subject: "someone", hash: "another request"));

        var results = await Ledger.AppendGroupAsync([Record("g/a", subject: "a"), Record("g/b", subject: "b"), Record("g/c", subject: "c")]);

        Assert.Equal(AppendStatus.Conflict, results[1].Status);
        Assert.Equal("someone", results[1].Record.SubjectId);
        Assert.Null(await Ledger.FindAsync("g/a"));
        Assert.Null(await Ledger.FindAsync("g/c"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM ledger_records"));
    }

    [Fact]
    public async Task A_group_names_each_request_id_once()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Ledger.AppendGroupAsync([Record("g/a"), Record("g/a")]));
        Assert.Empty(await Ledger.AppendGroupAsync([]));
    }

    [Fact]
    public async Task Recording_the_same_subject_policy_and_period_again_adds_the_next_revision()
    {
        Assert.Equal(1, (await Ledger.AppendAsync(Record("r1"))).Record.Revision);
        Assert.Equal(2, (await Ledger.AppendAsync(Record("r2"))).Record.Revision);
        Assert.Equal(3, (await Ledger.AppendAsync(Record("r3"))).Record.Revision);

        // Another period, subject or policy starts again at 1.
        Assert.Equal(1, (await Ledger.AppendAsync(Record("r4", period: "2026-Q2"))).Record.Revision);
        Assert.Equal(1, (await Ledger.AppendAsync(Record("r5", subject: "emp-2"))).Record.Revision);
        Assert.Equal(1, (await Ledger.AppendAsync(Record("r6", policy: "bonus/年终奖"))).Record.Revision);
    }

    [Fact]
    public async Task Retry_with_the_same_request_id_and_hash_is_replayed_with_the_stored_record_and_writes_nothing()
    {
        var first = await Ledger.AppendAsync(Record("r1"));
        var retry = await Ledger.AppendAsync(Record("r1", at: T0.AddMinutes(5), outputs: """{"other":"1"}"""));

        Assert.Equal(AppendStatus.Replayed, retry.Status);
        Assert.Equal(first.Record, retry.Record);
        Assert.Single(await Ledger.AuditAsync(new AuditQuery()));
    }

    [Fact]
    public async Task Same_request_id_for_a_different_request_is_a_conflict_with_the_stored_record_and_writes_nothing()
    {
        var first = await Ledger.AppendAsync(Record("r1", hash: "h-a"));
        var clash = await Ledger.AppendAsync(Record("r1", hash: "h-b", subject: "emp-9"));

        Assert.Equal(AppendStatus.Conflict, clash.Status);
        Assert.Equal(first.Record, clash.Record);
        Assert.Single(await Ledger.AuditAsync(new AuditQuery()));
    }

    [Fact]
    public async Task Period_is_stored_in_canonical_form()
    {
        var result = await Ledger.AppendAsync(Record("r1", period: " 2026-q1 "));

        Assert.Equal("2026-Q1", result.Record.Period);
        Assert.Equal("2026-Q1", (await Ledger.FindAsync("r1"))!.Period);
    }

    [Theory]
    [InlineData(nameof(LedgerRecord.RequestId))]
    [InlineData(nameof(LedgerRecord.SubjectId))]
    [InlineData(nameof(LedgerRecord.PolicyId))]
    [InlineData(nameof(LedgerRecord.PolicyVersion))]
    [InlineData(nameof(LedgerRecord.Period))]
    public async Task A_record_without_a_required_field_or_with_a_bad_period_is_rejected_naming_the_field(string field)
    {
        var record = field switch
        {
            nameof(LedgerRecord.RequestId) => Record("") ,
            nameof(LedgerRecord.SubjectId) => Record("r1", subject: " "),
            nameof(LedgerRecord.PolicyId) => Record("r1", policy: ""),
            nameof(LedgerRecord.PolicyVersion) => Record("r1") with { PolicyVersion = "" },
            _ => Record("r1", period: "2026-Q5"),
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Ledger.AppendAsync(record));

        Assert.Equal(field, error.ParamName);
        Assert.Empty(await Ledger.AuditAsync(new AuditQuery()));
    }

    [Fact]
    public async Task Every_field_round_trips_exactly_including_chinese_text_and_microseconds()
    {
        var recordedAt = new DateTimeOffset(2026, 3, 31, 23, 59, 59, TimeSpan.FromHours(8)).AddTicks(1234560); // .123456 s
        var record = new LedgerRecord
        {
            RequestId = "请求-0001",
            SubjectId = "员工/张三",
            PolicyId = Pay,
            Period = "2026-03",
            PolicyVersion = "sha256:9f86d081884c7d659a2feaa0c55ad015",
            DeclaredVersion = "2026.1",
            FactsJson = """{"迟到": 2, "备注": "请假\n\"病假\"", "emoji": "😀"}""",
            OutputsJson = """{"扣分":"10","绩效工资":"1199.999999"}""",
            OutputsDetailJson = """[{"name":"扣分","type":"points","value":"10","missing":false}]""",
            ExplanationJson = """{"steps":[{"rule":"扣分","value":"10"}]}""",
            ExplanationText = "扣分 = 5 × 迟到 = 10\n绩效工资 …",
            Language = "zh",
            RequestHash = "sha256:abc",
            HistorySource = "ledger",
            RecordedAt = recordedAt,
        };

        var appended = (await Ledger.AppendAsync(record)).Record;
        var expected = record with { Revision = 1, RecordedAt = recordedAt.ToUniversalTime() };

        Assert.Equal(expected, appended);
        await ReopenAsync();
        var found = await Ledger.FindAsync("请求-0001");
        Assert.Equal(expected, found);
        Assert.Equal(recordedAt.UtcTicks, found!.RecordedAt.UtcTicks);
        Assert.Equal(TimeSpan.Zero, found.RecordedAt.Offset);
        Assert.Equal(expected, Assert.Single(await Ledger.HistoryAsync(new HistoryQuery("员工/张三"))));
        Assert.Equal(expected, Assert.Single(await Ledger.AuditAsync(new AuditQuery { RequestId = "请求-0001" })));
    }

    [Fact]
    public async Task Time_finer_than_a_microsecond_is_cut_to_the_microsecond()
    {
        var result = await Ledger.AppendAsync(Record("r1", at: T0.AddTicks(15)));

        Assert.Equal(T0.AddTicks(10), result.Record.RecordedAt);
        Assert.Equal(T0.AddTicks(10), (await Ledger.FindAsync("r1"))!.RecordedAt);
    }

    // ---- concurrency and group commit ----------------------------------------------------------------------------

    [Fact]
    public async Task Concurrent_appends_of_one_request_id_from_many_tasks_record_it_exactly_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Ledger.AppendAsync(Record("same")))));

        Assert.Single(results, r => r.Status == AppendStatus.Recorded);
        Assert.Equal(49, results.Count(r => r.Status == AppendStatus.Replayed));
        Assert.All(results, r => Assert.Equal(1, r.Record.Revision));
        Assert.Single(await Ledger.AuditAsync(new AuditQuery()));
    }

    [Fact]
    public async Task Duplicates_of_one_request_id_in_one_batch_are_replayed_or_in_conflict()
    {
        var first = Ledger.AppendAsync(Record("dup", hash: "h"));
        var again = Ledger.AppendAsync(Record("dup", hash: "h"));
        var clash = Ledger.AppendAsync(Record("dup", hash: "other"));

        Assert.Equal(AppendStatus.Recorded, (await first).Status);
        Assert.Equal(AppendStatus.Replayed, (await again).Status);
        Assert.Equal(AppendStatus.Conflict, (await clash).Status);
        Assert.Equal((await first).Record, (await clash).Record);
    }

    [Fact]
    public async Task A_batch_mixing_replays_conflicts_repeats_and_new_revisions_decides_each_append_on_its_own()
    {
        await Ledger.AppendAsync(Record("old-1", subject: "emp-9"));
        await Ledger.AppendAsync(Record("old-2", subject: "emp-9", period: "2026-Q2"));

        // Queued back to back, so the writer takes them together.
        var appends = new List<Task<AppendResult>>
        {
            Ledger.AppendAsync(Record("old-1", subject: "emp-9")),                       // replay of a committed record
            Ledger.AppendAsync(Record("old-2", subject: "emp-9", period: "2026-Q2", hash: "x")), // conflict with a committed record
        };
        for (var i = 0; i < 10; i++) appends.Add(Ledger.AppendAsync(Record($"new-{i}", subject: "emp-9")));  // revisions 2..11 of 2026-Q1
        appends.Add(Ledger.AppendAsync(Record("new-3", subject: "emp-9")));                  // a repeat inside the batch
        appends.Add(Ledger.AppendAsync(Record("other", subject: "emp-10", period: "2026-Q3")));
        var results = await Task.WhenAll(appends);

        Assert.Equal(AppendStatus.Replayed, results[0].Status);
        Assert.Equal(AppendStatus.Conflict, results[1].Status);
        Assert.Equal("hash-old-2", results[1].Record.RequestHash);
        Assert.Equal(Enumerable.Range(2, 10), results[2..12].Select(r => r.Record.Revision));
        Assert.All(results[2..12], r => Assert.Equal(AppendStatus.Recorded, r.Status));
        Assert.Equal((AppendStatus.Replayed, results[5].Record), (results[12].Status, results[12].Record));
        Assert.Equal((AppendStatus.Recorded, 1), (results[13].Status, results[13].Record.Revision));
        var q1 = await Ledger.HistoryAsync(new HistoryQuery("emp-9") { AllRevisions = true, FromPeriod = "2026-Q1", ToPeriod = "2026-Q1" });
        Assert.Equal(["old-1", .. Enumerable.Range(0, 10).Select(i => $"new-{i}")], q1.Select(r => r.RequestId));
    }

    [Fact]
    public async Task Concurrent_appends_for_one_subject_and_period_get_revisions_1_to_N_without_gaps_or_duplicates()
    {
        const int n = 60;
        var results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => Task.Run(() => Ledger.AppendAsync(Record($"r{i}")))));

        Assert.All(results, r => Assert.Equal(AppendStatus.Recorded, r.Status));
        Assert.Equal(Enumerable.Range(1, n), results.Select(r => r.Record.Revision).Order());
        var stored = await Ledger.HistoryAsync(new HistoryQuery("emp-1") { AllRevisions = true });
        Assert.Equal(Enumerable.Range(1, n), stored.Select(r => r.Revision));
    }

    [Fact]
    public async Task Two_ledger_instances_on_one_store_assign_revisions_without_gaps_or_duplicates()
    {
        await using var second = await OpenAsync();
        const int each = 30;

        var appends = Enumerable.Range(0, each).SelectMany(i => new[]
        {
            Task.Run(() => Ledger.AppendAsync(Record($"a{i}"))),
            Task.Run(() => second.AppendAsync(Record($"b{i}"))),
            Task.Run(() => second.AppendAsync(Record($"a{i}"))), // the same request through the other instance
        });
        var results = await Task.WhenAll(appends);

        Assert.Equal(2 * each, results.Count(r => r.Status == AppendStatus.Recorded));
        Assert.Equal(each, results.Count(r => r.Status == AppendStatus.Replayed));
        var stored = await Ledger.HistoryAsync(new HistoryQuery("emp-1") { AllRevisions = true });
        Assert.Equal(Enumerable.Range(1, 2 * each), stored.Select(r => r.Revision));
    }

    [Fact]
    public async Task Appends_queued_before_dispose_are_all_written()
    {
        var pending = Enumerable.Range(0, 100).Select(i => Ledger.AppendAsync(Record($"r{i}", period: $"2026-{i % 12 + 1:D2}"))).ToList();

        await Ledger.DisposeAsync();

        Assert.All(await Task.WhenAll(pending), r => Assert.Equal(AppendStatus.Recorded, r.Status));
        Ledger = await OpenAsync();
        Assert.Equal(100, (await Ledger.AuditAsync(new AuditQuery())).Count);
    }

    [Fact]
    public async Task Append_after_dispose_is_refused()
    {
        await Ledger.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => Ledger.AppendAsync(Record("late")));
        Ledger = await OpenAsync();
        Assert.Null(await Ledger.FindAsync("late"));
    }

    [Fact]
    public async Task Append_with_a_cancelled_token_writes_nothing_and_leaves_committed_records()
    {
        await Ledger.AppendAsync(Record("kept"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ledger.AppendAsync(Record("cancelled"), new CancellationToken(canceled: true)));

        Assert.Null(await Ledger.FindAsync("cancelled"));
        Assert.NotNull(await Ledger.FindAsync("kept"));
    }

    // ---- history ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task History_gives_the_latest_revision_of_each_period_by_default_and_every_revision_on_request()
    {
        await Ledger.AppendAsync(Record("q1-a", period: "2026-Q1"));
        await Ledger.AppendAsync(Record("q1-b", period: "2026-Q1"));
        await Ledger.AppendAsync(Record("q2-a", period: "2026-Q2"));

        var latest = await Ledger.HistoryAsync(new HistoryQuery("emp-1"));
        var all = await Ledger.HistoryAsync(new HistoryQuery("emp-1") { AllRevisions = true });

        Assert.Equal(["q1-b", "q2-a"], latest.Select(r => r.RequestId));
        Assert.Equal(["q1-a", "q1-b", "q2-a"], all.Select(r => r.RequestId));
    }

    [Fact]
    public async Task History_range_is_inclusive_and_keeps_only_periods_of_the_bounds_kind()
    {
        foreach (var period in new[] { "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-02", "2026" })
            await Ledger.AppendAsync(Record("r-" + period, period: period));

        var range = await Ledger.HistoryAsync(new HistoryQuery("emp-1") { FromPeriod = "2025-Q4", ToPeriod = "2026-Q2" });
        var from = await Ledger.HistoryAsync(new HistoryQuery("emp-1") { FromPeriod = "2026-Q2" });
        var to = await Ledger.HistoryAsync(new HistoryQuery("emp-1") { ToPeriod = "2026-03" });

        Assert.Equal(["2025-Q4", "2026-Q1", "2026-Q2"], range.Select(r => r.Period));
        Assert.Equal(["2026-Q2", "2026-Q3"], from.Select(r => r.Period));
        Assert.Equal(["2026-02"], to.Select(r => r.Period));
    }

    [Fact]
    public async Task History_is_of_one_subject_optionally_one_policy_ordered_by_policy_period_and_revision_up_to_the_limit()
    {
        await Ledger.AppendAsync(Record("b-q2", policy: "b", period: "2026-Q2"));
        await Ledger.AppendAsync(Record("a-q2", policy: "a", period: "2026-Q2"));
        await Ledger.AppendAsync(Record("b-q1", policy: "b", period: "2026-Q1"));
        await Ledger.AppendAsync(Record("a-q1", policy: "a", period: "2026-Q1"));
        await Ledger.AppendAsync(Record("other", subject: "emp-2", policy: "a"));

        var all = await Ledger.HistoryAsync(new HistoryQuery("emp-1"));
        var policyB = await Ledger.HistoryAsync(new HistoryQuery("emp-1") { PolicyId = "b" });
        var limited = await Ledger.HistoryAsync(new HistoryQuery("emp-1") { Limit = 3 });

        Assert.Equal(["a-q1", "a-q2", "b-q1", "b-q2"], all.Select(r => r.RequestId));
        Assert.Equal(["b-q1", "b-q2"], policyB.Select(r => r.RequestId));
        Assert.Equal(["a-q1", "a-q2", "b-q1"], limited.Select(r => r.RequestId));
        Assert.Empty(await Ledger.HistoryAsync(new HistoryQuery("nobody")));
    }

    [Fact]
    public async Task History_with_a_bound_that_is_not_a_period_or_bounds_of_two_kinds_is_rejected()
    {
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => Ledger.HistoryAsync(new HistoryQuery("emp-1") { FromPeriod = "Q1" }));
        Assert.Equal(nameof(HistoryQuery.FromPeriod), bad.ParamName);
        await Assert.ThrowsAsync<ArgumentException>(() => Ledger.HistoryAsync(new HistoryQuery("emp-1") { FromPeriod = "2026-Q1", ToPeriod = "2026-06" }));
    }

    // ---- audit -----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Audit_filters_that_are_set_must_all_match_and_results_are_oldest_first()
    {
        await Ledger.AppendAsync(Record("late", at: T0.AddHours(2)));
        await Ledger.AppendAsync(Record("early", at: T0));
        await Ledger.AppendAsync(Record("middle", at: T0.AddHours(1), subject: "emp-2"));
        await Ledger.AppendAsync(Record("other-version", at: T0.AddHours(1)) with { PolicyVersion = "sha256:new" });
        await Ledger.AppendAsync(Record("other-policy", at: T0.AddHours(3), policy: "bonus"));

        async Task<string[]> Audit(AuditQuery query) => (await Ledger.AuditAsync(query)).Select(r => r.RequestId).ToArray();

        Assert.Equal(["early", "middle", "other-version", "late", "other-policy"], await Audit(new AuditQuery()));
        Assert.Equal(["early", "other-version", "late", "other-policy"], await Audit(new AuditQuery { SubjectId = "emp-1" }));
        Assert.Equal(["early", "late"], await Audit(new AuditQuery { SubjectId = "emp-1", PolicyId = Pay, PolicyVersion = "sha256:0123456789abcdef" }));
        Assert.Equal(["middle", "other-version", "late"], await Audit(new AuditQuery { Since = T0.AddHours(1), Until = T0.AddHours(2) }));
        Assert.Equal(["middle"], await Audit(new AuditQuery { RequestId = "middle" }));
        Assert.Equal(["early", "middle"], await Audit(new AuditQuery { Limit = 2 }));
        Assert.Empty(await Audit(new AuditQuery { SubjectId = "emp-2", PolicyId = "bonus" }));
    }

    // ---- retention -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Retention_erases_facts_and_explanations_of_old_records_and_keeps_their_outputs()
    {
        var now = T0.AddDays(100);
        await Ledger.AppendAsync(Record("old", at: now.AddDays(-31)) with { ExplanationJson = "{}" });
        await Ledger.AppendAsync(Record("recent", at: now.AddDays(-29)));

        var result = await Ledger.ApplyRetentionAsync(new RetentionPolicy(FactsFor: TimeSpan.FromDays(30), RecordsFor: null), now);

        Assert.Equal(new RetentionResult(Erased: 1, Deleted: 0), result);
        var old = (await Ledger.FindAsync("old"))!;
        Assert.Null(old.FactsJson);
        Assert.Null(old.ExplanationJson);
        Assert.Null(old.ExplanationText);
        Assert.Equal(now, old.ErasedAt);
        Assert.Equal("""{"绩效工资":"1200.50"}""", old.OutputsJson);
        var recent = (await Ledger.FindAsync("recent"))!;
        Assert.NotNull(recent.FactsJson);
        Assert.Null(recent.ErasedAt);
        // Erased once: applying it again erases nothing more.
        Assert.Equal(new RetentionResult(0, 0), await Ledger.ApplyRetentionAsync(new RetentionPolicy(TimeSpan.FromDays(30), null), now.AddHours(1)));
    }

    [Fact]
    public async Task Retention_deletes_records_older_than_the_records_period()
    {
        var now = T0.AddDays(1000);
        await Ledger.AppendAsync(Record("ancient", at: now.AddDays(-400)));
        await Ledger.AppendAsync(Record("old", at: now.AddDays(-40)));
        await Ledger.AppendAsync(Record("recent", at: now.AddDays(-1)));

        var result = await Ledger.ApplyRetentionAsync(new RetentionPolicy(TimeSpan.FromDays(30), TimeSpan.FromDays(365)), now);

        Assert.Equal(new RetentionResult(Erased: 1, Deleted: 1), result);
        Assert.Null(await Ledger.FindAsync("ancient"));
        Assert.Null((await Ledger.FindAsync("old"))!.FactsJson);
        Assert.NotNull((await Ledger.FindAsync("recent"))!.FactsJson);
    }

    [Fact]
    public async Task Retention_that_keeps_everything_changes_nothing()
    {
        await Ledger.AppendAsync(Record("r1", at: T0.AddYears(-10)));

        Assert.Equal(new RetentionResult(0, 0), await Ledger.ApplyRetentionAsync(new RetentionPolicy(null, null), T0));
        Assert.NotNull((await Ledger.FindAsync("r1"))!.FactsJson);
    }

    // ---- reopening and schema --------------------------------------------------------------------------------------

    [Fact]
    public async Task Reopening_after_dispose_keeps_every_record_and_revisions_continue()
    {
        var before = (await Ledger.AppendAsync(Record("r1"))).Record;
        await ReopenAsync();

        Assert.Equal(before, await Ledger.FindAsync("r1"));
        Assert.Equal(2, (await Ledger.AppendAsync(Record("r2"))).Record.Revision);
        Assert.Equal(AppendStatus.Replayed, (await Ledger.AppendAsync(Record("r1"))).Status);
    }

    [Fact]
    public async Task Migrations_run_once_however_often_the_store_is_opened()
    {
        await ReopenAsync();
        await ReopenAsync();

        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM ledger_schema_version"));
        Assert.Equal(2, await ScalarAsync("SELECT MAX(version) FROM ledger_schema_version"));
    }

    [Fact]
    public async Task A_store_with_a_newer_schema_is_refused_with_a_clear_error_and_nothing_is_written()
    {
        await Ledger.AppendAsync(Record("r1"));
        await Ledger.DisposeAsync();
        await ExecuteSqlAsync("INSERT INTO ledger_schema_version (version) VALUES (99)");

        var error = await Assert.ThrowsAsync<LedgerSchemaException>(OpenAsync);

        Assert.Contains("schema version 99, newer than this program knows", error.Message);
        Assert.Equal(3, await ScalarAsync("SELECT COUNT(*) FROM ledger_schema_version"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM ledger_records"));
    }
}
