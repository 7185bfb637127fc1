using Appraisal.Ledger;
using Newtonsoft.Json.Linq;

namespace Appraisal.Cli.Tests;

public sealed class HistoryCommandTests : IDisposable
{
    private const string Pay = "quarterly-pay/季度绩效工资";
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 30, 0, TimeSpan.Zero);

    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private async Task RecordAsync(params LedgerRecord[] records)
    {
        await using var ledger = await SqliteLedger.OpenAsync(Path.Combine(_workspace.Root, "ledger.db"));
        foreach (var record in records) await ledger.AppendAsync(record);
    }

    private static LedgerRecord Record(string requestId, string period, string policy = Pay, string outputs = """{"绩效工资":"1200.50"}""", int minutes = 0) => new()
    {
        RequestId = requestId,
        SubjectId = "emp-1",
        PolicyId = policy,
        Period = period,
        PolicyVersion = "sha256:0123456789abcdef0123",
        DeclaredVersion = "2026.1",
        FactsJson = """{"迟到":2}""",
        OutputsJson = outputs,
        ExplanationText = "扣分 = 5 × 迟到 = 10",
        Language = "zh",
        RequestHash = "h-" + requestId,
        RecordedAt = T0.AddMinutes(minutes).AddTicks(1230),
    };

    // Dates stay the strings the tool printed.
    private static JArray ParseArray(string json) =>
        JArray.Load(new Newtonsoft.Json.JsonTextReader(new StringReader(json)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None });

    private static string[] Lines(CliResult result) => result.Stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    [Fact]
    public async Task Lists_the_latest_revision_of_each_period_one_line_per_record()
    {
        await RecordAsync(
            Record("req-1", "2026-Q1", outputs: """{"绩效工资":"1000"}"""),
            Record("req-2", "2026-Q1", minutes: 1),
            Record("req-3", "2026-Q2", minutes: 2));

        var result = _workspace.Run("history", "--ledger", "ledger.db", "--subject", "emp-1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
        [
            $"2026-Q1  r2  {Pay}  0123456789ab  2026-04-01T09:31:00.000123Z  req-2  {{\"绩效工资\":\"1200.50\"}}",
            $"2026-Q2  r1  {Pay}  0123456789ab  2026-04-01T09:32:00.000123Z  req-3  {{\"绩效工资\":\"1200.50\"}}",
        ], Lines(result));
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task Revisions_lists_every_revision_and_policy_from_and_to_narrow_the_list()
    {
        await RecordAsync(Record("req-1", "2026-Q1"), Record("req-2", "2026-Q1"), Record("req-3", "2026-Q2"),
            Record("req-4", "2026-Q3"), Record("bonus", "2026-Q2", policy: "bonus"));

        var all = _workspace.Run("history", "--ledger", "ledger.db", "--subject", "emp-1", "--revisions");
        var narrowed = _workspace.Run("history", "--ledger", "ledger.db", "--subject", "emp-1", "--policy", Pay, "--from", "2026-Q2", "--to", "2026-Q3");

        Assert.Equal(new[] { "bonus", "req-1", "req-2", "req-3", "req-4" }, Lines(all).Select(l => l.Split("  ")[5]).Order(StringComparer.Ordinal));
        Assert.Equal(["req-3", "req-4"], Lines(narrowed).Select(l => l.Split("  ")[5]));
    }

    [Fact]
    public async Task Request_prints_that_one_record_in_full()
    {
        await RecordAsync(Record("req-1", "2026-Q1"));

        var result = _workspace.Run("history", "--ledger", "ledger.db", "--request", "req-1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
        [
            "request:      req-1",
            "subject:      emp-1",
            $"policy:       {Pay}",
            "period:       2026-Q1 (revision 1)",
            "version:      sha256:0123456789abcdef0123 (declared 2026.1)",
            "recorded at:  2026-04-01T09:30:00.000123Z",
            "history from: none",
            "request hash: h-req-1",
            "facts:",
            "  {",
            "    \"迟到\": 2",
            "  }",
            "outputs:",
            "  {",
            "    \"绩效工资\": \"1200.50\"",
            "  }",
            "explanation (zh):",
            "  扣分 = 5 × 迟到 = 10",
        ], Lines(result));
    }

    [Fact]
    public async Task Json_format_prints_an_array_of_records()
    {
        await RecordAsync(Record("req-1", "2026-Q1"), Record("req-2", "2026-Q2"));

        var result = _workspace.Run("history", "--ledger", "ledger.db", "--subject", "emp-1", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var records = ParseArray(result.Stdout);
        Assert.Equal(["req-1", "req-2"], records.Select(r => (string)r["requestId"]!));
        Assert.Equal("1200.50", (string)records[0]["outputs"]!["绩效工资"]!);
        Assert.Equal(2, (int)records[0]["facts"]!["迟到"]!);
        Assert.Equal(1, (int)records[1]["revision"]!);
        Assert.Equal("2026-04-01T09:30:00.000123Z", (string)records[0]["recordedAt"]!);
    }

    [Fact]
    public async Task Nothing_found_exits_0_with_a_line_saying_so()
    {
        await RecordAsync(Record("req-1", "2026-Q1"));

        var subject = _workspace.Run("history", "--ledger", "ledger.db", "--subject", "nobody");
        var request = _workspace.Run("history", "--ledger", "ledger.db", "--request", "nope");
        var json = _workspace.Run("history", "--ledger", "ledger.db", "--subject", "nobody", "--format", "json");

        Assert.Equal((0, "no records for subject nobody\n"), (subject.ExitCode, subject.Stdout.ReplaceLineEndings("\n")));
        Assert.Equal((0, "no record for request nope\n"), (request.ExitCode, request.Stdout.ReplaceLineEndings("\n")));
        Assert.Equal(0, json.ExitCode);
        Assert.Empty(ParseArray(json.Stdout));
    }

    [Fact]
    public void Missing_ledger_file_is_a_usage_error_and_no_file_is_created()
    {
        var result = _workspace.Run("history", "--ledger", "missing.db", "--subject", "emp-1");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("policy: ledger file not found: missing.db\n", result.Stderr.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(Path.Combine(_workspace.Root, "missing.db")));
    }

    [Fact]
    public void A_file_that_is_not_a_ledger_is_a_usage_error_without_a_stack_trace()
    {
        _workspace.Write("notes.db", "just text, not a database");

        var result = _workspace.Run("history", "--ledger", "notes.db", "--subject", "emp-1");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("policy: notes.db: ", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task A_bound_that_is_not_a_period_is_a_usage_error()
    {
        await RecordAsync(Record("req-1", "2026-Q1"));

        var result = _workspace.Run("history", "--ledger", "ledger.db", "--subject", "emp-1", "--from", "last-year");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("policy: --from 'last-year' is not a period (e.g. 2026-Q2, 2026-H1, 2026-03, 2026)\n", result.Stderr.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("history", "--subject", "emp-1")]
    [InlineData("history", "--ledger", "ledger.db")]
    public void Ledger_and_a_subject_or_request_are_required(params string[] args)
    {
        var result = _workspace.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Run 'policy history --help' for usage.", result.Stderr);
    }
}
