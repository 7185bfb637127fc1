using System.Collections.Concurrent;
using System.Diagnostics;
using Appraisal.Service.V1;
using Grpc.Core;

namespace Appraisal.Service.Tests;

/// <summary>
/// A policy file replaced by a broken version and then by a good new one while clients keep evaluating: no request
/// fails, the broken edit is reported and never answers, and the answers switch to the new version.
/// </summary>
public sealed class HotReloadUnderLoadTests : IDisposable
{
    private const int Clients = 4;
    private const int MaxRequestsPerClient = 50_000;
    private static readonly TimeSpan MaxLoad = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly ServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Answers_switch_to_the_new_version_without_a_failed_request()
    {
        var client = _factory.Client;
        var original = _factory.Policies.Read(TestPolicies.AfterSalesFile);
        var broken = original.Replace("output 得分: points = 考核.score", "output 得分: points = 考核.scor");
        var doubled = TestPolicies.WithoutTests(original).Replace("param KPI总奖金: money = 1000 yuan", "param KPI总奖金: money = 2000 yuan"); // its tests expect 700
        Assert.NotEqual(original, broken);
        Assert.NotEqual(original, doubled);
        var (oldVersion, newVersion) = (PolicyStore.Hash(original), PolicyStore.Hash(doubled));
        var bonusOf = new Dictionary<string, string> { [oldVersion] = "700.00", [newVersion] = "1400.00" };

        // The load: a few clients, each evaluating one request after another until stopped (bounded in count and time).
        var answers = new ConcurrentQueue<(int Client, long Sent, long At, string Version, string Bonus)>();
        var failures = new ConcurrentQueue<string>();
        var answered = 0L;
        using var stop = new CancellationTokenSource(MaxLoad);
        var request = new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 };
        var load = Enumerable.Range(0, Clients).Select(id => Task.Run(async () =>
        {
            for (var i = 0; i < MaxRequestsPerClient && !stop.IsCancellationRequested; i++)
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    var reply = await client.EvaluateAsync(request, deadline: DateTime.UtcNow.AddSeconds(10));
                    answers.Enqueue((id, sent, Stopwatch.GetTimestamp(), reply.Version, reply.Outputs.Single(o => o.Name == "KPI奖金").Value));
                    Interlocked.Increment(ref answered);
                }
                catch (RpcException e)
                {
                    failures.Enqueue($"{e.StatusCode}: {e.Status.Detail}");
                }
            }
        })).ToArray();

        try
        {
            await AnsweredAtLeast(200);

            // 1. The broken edit: reported as STALE with its diagnostics; the old version keeps answering.
            _factory.Policies.Replace(TestPolicies.AfterSalesFile, broken);
            var stale = await WaitFor(client, s => s.FileVersion == PolicyStore.Hash(broken));
            Assert.Equal(PolicyStatus.Stale, stale.Status);
            Assert.Equal(oldVersion, stale.Version);
            Assert.Contains(stale.Diagnostics, d => d.Severity == Severity.Error && d.File == TestPolicies.AfterSalesFile);
            await AnsweredAtLeast(Interlocked.Read(ref answered) + 200);

            // 2. The good new version: swapped in, answers switch.
            _factory.Policies.Replace(TestPolicies.AfterSalesFile, doubled);
            var switchedAt = Stopwatch.GetTimestamp();
            var ready = await WaitFor(client, s => s.Version == newVersion);
            Assert.Equal(PolicyStatus.Ready, ready.Status);
            var readyAt = Stopwatch.GetTimestamp();
            await AnsweredAtLeast(Interlocked.Read(ref answered) + 200);

            await stop.CancelAsync();
            await Task.WhenAll(load);

            Assert.Empty(failures);
            var all = answers.ToArray();
            Assert.All(all, a => Assert.True(bonusOf.TryGetValue(a.Version, out var bonus) && bonus == a.Bonus,
                $"an answer of version {a.Version} with KPI奖金 {a.Bonus}"));
            Assert.Contains(all, a => a.Version == oldVersion);
            // Before the good edit only the old version answered; a request sent once it was reported ready, only the new one.
            Assert.All(all.Where(a => a.At < switchedAt), a => Assert.Equal(oldVersion, a.Version));
            Assert.All(all.Where(a => a.Sent > readyAt), a => Assert.Equal(newVersion, a.Version));
            Assert.Contains(all, a => a.Sent > readyAt);
            // Each client, once answered by the new version, is never answered by the old one again.
            foreach (var group in all.GroupBy(a => a.Client))
            {
                var sawNew = false;
                foreach (var a in group.OrderBy(a => a.At))
                {
                    if (a.Version == newVersion) sawNew = true;
                    else Assert.False(sawNew, $"client {group.Key} was answered by the old version after the new one");
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }

        async Task AnsweredAtLeast(long count)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (Interlocked.Read(ref answered) < count)
            {
                Assert.True(failures.IsEmpty, $"a request failed: {string.Join("; ", failures.Take(3))}");
                Assert.True(DateTime.UtcNow < deadline && !stop.IsCancellationRequested, $"fewer than {count} answers in time");
                await Task.Delay(10);
            }
        }
    }

    private static async Task<PolicySummary> WaitFor(V1.Appraisal.AppraisalClient client, Func<PolicySummary, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var summary = (await client.ListPoliciesAsync(new ListPoliciesRequest())).Policies.SingleOrDefault(p => p.Id == TestPolicies.AfterSales);
            if (summary is not null && condition(summary)) return summary;
            Assert.True(DateTime.UtcNow < deadline, "the policy did not reach the expected state in time");
            await Task.Delay(20);
        }
    }
}
