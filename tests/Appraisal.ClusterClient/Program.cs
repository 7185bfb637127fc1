// The load client of the cluster test (.ci/cluster.sh, README "Several instances behind nginx"). It starts nothing: the
// script starts PostgreSQL, two or more instances of the service on it, nginx in front of them, and kills one instance
// with SIGKILL when this client asks (the kill marker) in the middle of the load. First, with --registry-policy, the
// client publishes the policy through instance 1 and then a new version of it, each of which every instance and nginx
// must serve (Publishing.cs: a publication through one instance is served by all). The client sends recorded Evaluate
// calls through nginx, several in flight, retries a call on UNAVAILABLE with the same request id, remembers every
// acknowledged reply, and then checks through the surviving path (Audit through nginx, REST through nginx, and the
// ledger's table in PostgreSQL) that every request was acknowledged and every acknowledged one is recorded exactly once
// with the outcome it was acknowledged with. TAP on standard output; no subject, request id or fact is ever printed.
using System.Globalization;
using System.Text.Json.Nodes;
using Appraisal.ClusterClient;
using Appraisal.Service.V1;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Npgsql;
using AppraisalClient = Appraisal.Service.V1.Appraisal.AppraisalClient;

var settings = Settings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine(Settings.Usage);
    return 2;
}

var run = Guid.NewGuid().ToString("N")[..10];
var tap = new Tap();
var retrying = new Retrying();

GrpcChannel Channel(Uri address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
{
    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, ConnectTimeout = TimeSpan.FromSeconds(2) },
});
using var nginx = Channel(settings.Address);
var client = new AppraisalClient(nginx);
var instances = settings.Instances.Select(Channel).ToArray();
var victim = Settings.Endpoint(settings.Instances[settings.Victim]);
var survivors = settings.Instances.Where((_, i) => i != settings.Victim).Select(Settings.Endpoint).ToHashSet(StringComparer.Ordinal);
using var http = new HttpClient { BaseAddress = settings.Rest, Timeout = TimeSpan.FromSeconds(10) };

static DateTime Deadline(double seconds = 5) => DateTime.UtcNow.AddSeconds(seconds);
static bool SameJson(string a, string b) => JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b));
static string Count(int n, string what) => string.Create(CultureInfo.InvariantCulture, $"{n} {what}");

Tap.Note($"cluster of {settings.Instances.Length} instances behind nginx; the script kills instance {settings.Victim + 1} after {settings.KillAfter} acknowledged calls; {settings.Concurrency} calls in flight");

// ---- before the load: a publication through one instance is served by all; every path answers, and alike -----------

var everyone = instances.Select((c, i) => ($"instance {i + 1}", c)).Append(("nginx", nginx)).ToList();
if (settings.RegistryPolicy is { } policyFile)
{
    var publishing = new Publishing(instances[0], everyone, await File.ReadAllTextAsync(policyFile));
    await tap.Check($"registry: the policy published through instance 1 (in force from {Publishing.FirstEffective}) is served by every instance and nginx",
        publishing.PublishFirst);
    await tap.Check($"registry: a publication through instance 1 (a new version in force from {Publishing.SecondEffective}) is served by all, and {Publishing.FirstPeriod} keeps the first",
        publishing.PublishSecond);
}
else
{
    Tap.Note("no --registry-policy: the instances serve their policy directories, nothing is published");
}


await tap.Check("health: every instance and nginx answer grpc.health.v1 SERVING", async () =>
{
    var notes = new List<string>();
    var ok = true;
    foreach (var (who, channel) in everyone)
    {
        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: Deadline());
        if (reply.Status != HealthCheckResponse.Types.ServingStatus.Serving) { ok = false; notes.Add($"{who}: {reply.Status}"); }
    }
    return (ok, notes);
});

await tap.Check("every instance serves the same version of every policy, and nginx's answer is that one", async () =>
{
    var answers = new List<string>();
    foreach (var channel in instances.Append(nginx))
    {
        var reply = await new AppraisalClient(channel).ListPoliciesAsync(new ListPoliciesRequest(), deadline: Deadline());
        answers.Add(string.Join(";", reply.Policies.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => $"{p.Id}={p.Version}/{p.Status}")));
    }
    var distinct = answers.Distinct(StringComparer.Ordinal).Count();
    var serves = answers[0].Contains($"{LoadCall.Policy}=", StringComparison.Ordinal);
    return (distinct == 1 && serves, [Count(distinct, "distinct answers"), serves ? "the after-sales policy is listed" : "the after-sales policy is not listed"]);
});

await tap.Check("REST through nginx: GET /v1/policies lists the after-sales policy", async () =>
{
    using var response = await http.GetAsync("/v1/policies");
    var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
    var listed = body?["policies"]?.AsArray().Any(p => (string?)p?["id"] == LoadCall.Policy) ?? false;
    return (response.IsSuccessStatusCode && listed, [$"HTTP {(int)response.StatusCode}", listed ? "listed" : "not listed"]);
});

await tap.Check("an error passes nginx whole: bad facts are INVALID_ARGUMENT with the BadRequest details, not retried", async () =>
{
    var bad = LoadCall.Make(run, 0).Request.Clone();
    bad.Record = false;
    bad.FactsJson = """{"岗位":"普通售后客服","素质":"极好","退款率":"6%","纠纷处理":"良","配合度":"良","执行力":"中"}""";
    var attempts = await retrying.Run(deadline => client.EvaluateAsync(bad, deadline: deadline).ResponseAsync);
    if (attempts.Reply is not null) return (false, ["the bad facts were accepted"]);
    var fields = attempts.GaveUp?.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];
    var ok = attempts.GaveUpOn == StatusCode.InvalidArgument && attempts.Failures.Count == 1 && fields.Contains("$.素质");
    return (ok, [$"code {attempts.GaveUpOn} after {attempts.Failures.Count} attempt(s)", $"violations at {string.Join(", ", fields)}"]);
});

// ---- the load, and the kill in its middle --------------------------------------------------------------------------

var loadRetrying = new Retrying(); // its own count of failed attempts: those of the load only
var load = await new Load(client, settings, run, loadRetrying).Run();
var outcomes = load.Outcomes;
var acknowledged = outcomes.Where(o => o.Reply is not null).ToList();
var retried = outcomes.Where(o => o.Failures.Count > 0).ToList();
Tap.Note(string.Create(CultureInfo.InvariantCulture,
    $"load: {outcomes.Count} calls in {load.Elapsed.TotalSeconds:0.0} s ({outcomes.Count / load.Elapsed.TotalSeconds:0}/s), {acknowledged.Count} acknowledged, {load.AcknowledgedBeforeKill} before the kill, {retried.Count} retried by the client"));
foreach (var (seen, n) in loadRetrying.Seen.OrderBy(s => s.Key, StringComparer.Ordinal)) Tap.Note($"load attempts failed with {seen}: {n}");
var nginxRetried = acknowledged.Count(o => o.Upstream?.Contains(',', StringComparison.Ordinal) == true);
Tap.Note(Count(nginxRetried, "calls passed on to another instance by nginx itself (grpc_next_upstream)"));

string? Answered(CallOutcome o) => o.Upstream?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();

tap.Check(load.KillSeen && load.AcknowledgedBeforeKill >= settings.KillAfter && outcomes.Count(o => o.StartedAfterKill) >= settings.AfterKill,
    "the load ran across the kill: calls were acknowledged before it and calls were started after it",
    [load.KillSeen ? "the script reported the kill" : "the script never reported the kill within the wait",
     Count(outcomes.Count(o => o.StartedAfterKill), "calls started after the kill")]);

{
    var before = acknowledged.Where(o => !o.StartedAfterKill).Select(Answered).Where(u => u is not null).Distinct().ToList();
    var after = acknowledged.Where(o => o.StartedAfterKill).Select(Answered).ToList();
    var allInstances = settings.Instances.Select(Settings.Endpoint).ToList();
    var bothServed = allInstances.All(before.Contains);
    var onlySurvivors = after.Count > 0 && after.All(u => u is not null && survivors.Contains(u));
    tap.Check(bothServed && onlySurvivors, "nginx spread the load over every instance before the kill, and only survivors answered after it",
        [$"{before.Count} of {allInstances.Count} instances answered before the kill",
         Count(after.Count(u => u == victim), "answers from the killed instance after the kill")]);
}

tap.Check(outcomes.Count > 0 && acknowledged.Count == outcomes.Count,
    "every request was eventually acknowledged (retried on UNAVAILABLE with its request id)",
    [Count(outcomes.Count - acknowledged.Count, "requests gave up"),
     .. outcomes.Where(o => o.Reply is null).GroupBy(o => o.GaveUpOn).Select(g => Count(g.Count(), $"gave up on {g.Key}")),
     string.Create(CultureInfo.InvariantCulture, $"most attempts for one call: {(outcomes.Count == 0 ? 0 : outcomes.Max(o => o.Failures.Count + (o.Reply is null ? 0 : 1)))}")]);

tap.Check(acknowledged.Count > 0 && acknowledged.All(o => o.Reply!.Record is { Revision: 1 } r && r.RequestId == o.Call.RequestId),
    "every acknowledged reply carries its record: its own request id, revision 1 (a retry answered replayed, never a second revision)",
    [Count(acknowledged.Count(o => o.Reply!.Record?.Replayed == true), "acknowledged as replayed (committed by an earlier attempt)"),
     Count(acknowledged.Count(o => o.Reply!.Record is not { Revision: 1 }), "without revision 1")]);

// ---- after the load: what was acknowledged is in the ledger, once, as acknowledged ----------------------------------

await tap.Check("Audit through nginx: every acknowledged request is recorded exactly once, with its revision and outputs", async () =>
{
    var missing = 0; var duplicated = 0; var different = 0; var failed = 0;
    await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency }, async (o, _) =>
    {
        var audit = await retrying.Run(deadline => client.AuditAsync(new AuditRequest { SubjectId = o.Call.SubjectId }, deadline: deadline).ResponseAsync);
        if (audit.Reply is not { } reply) { Interlocked.Increment(ref failed); return; }
        var entries = reply.Entries;
        if (entries.Count == 0) Interlocked.Increment(ref missing);
        else if (entries.Count > 1) Interlocked.Increment(ref duplicated);
        else if (entries[0].RequestId != o.Call.RequestId || entries[0].Revision != o.Reply!.Record.Revision
                 || entries[0].RecordedAt != o.Reply.Record.RecordedAt || !SameJson(entries[0].OutputsJson, o.Reply.OutputsJson))
            Interlocked.Increment(ref different);
    });
    return (acknowledged.Count > 0 && missing + duplicated + different + failed == 0,
        [Count(acknowledged.Count, "audited"), Count(missing, "missing"), Count(duplicated, "recorded more than once"),
         Count(different, "recorded otherwise than acknowledged"), Count(failed, "audits that failed")]);
});

await tap.Check("a retry of an acknowledged request answers record.replayed with the same outcome", async () =>
{
    // Every call that needed a retry, and every tenth of the others.
    var sample = outcomes.Where(o => o.Reply is not null && (o.Failures.Count > 0 || o.Call.Index % 10 == 0)).ToList();
    var wrong = 0; var failed = 0;
    await Parallel.ForEachAsync(sample, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency }, async (o, _) =>
    {
        var again = await retrying.Run(deadline => client.EvaluateAsync(o.Call.Request, deadline: deadline).ResponseAsync);
        if (again.Reply is not { } reply) { Interlocked.Increment(ref failed); return; }
        if (reply.Record is not { Replayed: true } record || record.Revision != o.Reply!.Record.Revision
            || record.RecordedAt != o.Reply.Record.RecordedAt || !SameJson(reply.OutputsJson, o.Reply.OutputsJson))
            Interlocked.Increment(ref wrong);
    });
    return (sample.Count > 0 && wrong + failed == 0, [Count(sample.Count, "sent again"), Count(wrong, "answered otherwise"), Count(failed, "failed")]);
});

if (settings.Postgres is { } connectionString)
{
    await tap.Check("PostgreSQL: the run's records are exactly the acknowledged requests, each once, with the acknowledged outputs", async () =>
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT request_id, subject_id, revision, outputs_json FROM ledger_records WHERE subject_id LIKE @prefix", connection);
        command.Parameters.AddWithValue("prefix", LoadCall.Prefix(run) + "%");
        var byRequest = acknowledged.ToDictionary(o => o.Call.RequestId, StringComparer.Ordinal);
        var rows = 0; var unknown = 0; var different = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var twice = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows++;
                var requestId = reader.GetString(0);
                if (!seen.Add(requestId)) twice++;
                if (!byRequest.TryGetValue(requestId, out var o)) { unknown++; continue; }
                if (reader.GetString(1) != o.Call.SubjectId || reader.GetInt32(2) != o.Reply!.Record.Revision || !SameJson(reader.GetString(3), o.Reply.OutputsJson))
                    different++;
            }
        }
        return (rows == acknowledged.Count && seen.Count == acknowledged.Count && unknown + different + twice == 0,
            [Count(rows, "rows"), Count(acknowledged.Count, "acknowledged"), Count(unknown, "rows of requests never acknowledged"),
             Count(twice, "request ids twice"), Count(different, "rows that differ from the acknowledgement")]);
    });
}
else
{
    Tap.Note("no --postgres: the ledger's table is not read directly");
}

await tap.Check("REST through nginx after the kill: GET /v1/audit answers an acknowledged request", async () =>
{
    var notes = new List<string>();
    var ok = acknowledged.Count > 0;
    foreach (var o in acknowledged.Where(o => o.StartedAfterKill).Take(3).DefaultIfEmpty(acknowledged.FirstOrDefault()).OfType<CallOutcome>())
    {
        using var response = await http.GetAsync($"/v1/audit?requestId={Uri.EscapeDataString(o.Call.RequestId)}");
        var entries = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["entries"]?.AsArray();
        var found = entries is { Count: 1 } && (string?)entries[0]?["requestId"] == o.Call.RequestId;
        ok &= response.IsSuccessStatusCode && found;
        notes.Add($"HTTP {(int)response.StatusCode}, {(found ? "found once" : "not found once")}");
    }
    return (ok, notes);
});

await tap.Check("after the kill: the killed instance is gone, the survivors and nginx answer SERVING", async () =>
{
    var notes = new List<string>();
    var ok = true;
    for (var i = 0; i < instances.Length; i++)
    {
        var health = new Health.HealthClient(instances[i]);
        if (i == settings.Victim)
        {
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: Deadline(2));
                ok = false;
                notes.Add($"the killed instance still answers {reply.Status}");
            }
            catch (RpcException e)
            {
                ok &= e.StatusCode == StatusCode.Unavailable;
                notes.Add($"the killed instance: {e.StatusCode}");
            }
        }
        else
        {
            var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: Deadline());
            ok &= reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
            notes.Add($"instance {i + 1}: {reply.Status}");
        }
    }
    var viaNginx = await new Health.HealthClient(nginx).CheckAsync(new HealthCheckRequest(), deadline: Deadline());
    ok &= viaNginx.Status == HealthCheckResponse.Types.ServingStatus.Serving;
    notes.Add($"nginx: {viaNginx.Status}");
    return (ok, notes);
});

foreach (var channel in instances) channel.Dispose();
return tap.Finish();
