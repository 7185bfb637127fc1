using System.Diagnostics;
using System.Text.RegularExpressions;
using Appraisal.Service.V1;
using Grpc.Core;
using Grpc.Net.Client;
using AppraisalClient = Appraisal.Service.V1.Appraisal.AppraisalClient;

namespace Appraisal.ClusterClient;

/// <summary>
/// A publication through one instance is served by all: the instances serve from the ledger's policy registry
/// (<c>Policies:Source=registry</c>), a version published through instance 1 (<c>PublishPolicy</c>) must be what every
/// instance, asked directly, and nginx answer for the periods it is in force for — within <see cref="Patience"/>, without
/// a restart — while the periods before it keep the version published before.
/// </summary>
public sealed partial class Publishing(GrpcChannel publisher, IReadOnlyList<(string Name, GrpcChannel Channel)> everyone, string policyText)
{
    public const string FirstEffective = "2026-01-01";
    public const string SecondEffective = "2026-04-01";
    /// <summary>A period of the first version only (the load's), and one of the second.</summary>
    public const string FirstPeriod = LoadCall.Period;
    public const string SecondPeriod = "2026-04";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private const string Facts = """{"岗位":"普通售后客服","素质":"良","退款率":"6%","纠纷处理":"良","配合度":"良","执行力":"中","迟到":1,"客户表扬":3,"低质评价":1}""";

    public Publication? First { get; private set; }

    public Publication? Second { get; private set; }

    /// <summary>The policy as it is, in force from <see cref="FirstEffective"/>: what the load is evaluated by.</summary>
    public async Task<(bool Ok, List<string> Diagnostics)> PublishFirst()
    {
        First = await Publish(policyText, FirstEffective, "cluster test: the first version");
        return await ServedByAll(First, FirstPeriod);
    }

    /// <summary>
    /// A new version (the same rules under another declared version, so its own tests still pass) in force from
    /// <see cref="SecondEffective"/>: served by all for <see cref="SecondPeriod"/>, while <see cref="FirstPeriod"/> keeps
    /// the first.
    /// </summary>
    public async Task<(bool Ok, List<string> Diagnostics)> PublishSecond()
    {
        if (First is null) return (false, ["the first version was not published"]);
        var changed = DeclaredVersion().Replace(policyText, "${1}\"2026.2-cluster\"", 1);
        if (changed == policyText) return (false, ["the policy declares no version to change"]);
        Second = await Publish(changed, SecondEffective, "cluster test: a second version");
        var (ok, notes) = await ServedByAll(Second, SecondPeriod);
        if (Second.Version == First.Version) { ok = false; notes.Add("the second publication has the first one's version"); }
        foreach (var (name, channel) in everyone)
        {
            var earlier = await Evaluate(channel, FirstPeriod);
            var kept = earlier.Version == First.Version && earlier.VersionBasis == Basis(First);
            ok &= kept;
            if (!kept) notes.Add($"{name} answers {FirstPeriod} with another version than the first");
        }
        return (ok, notes);
    }

    private async Task<Publication> Publish(string source, string effective, string message)
    {
        var reply = await new AppraisalClient(publisher).PublishPolicyAsync(new PublishPolicyRequest
        {
            PolicyId = LoadCall.Policy, Source = source, EffectiveFrom = effective, Message = message,
        }, deadline: DateTime.UtcNow.AddSeconds(30));
        return reply.Publication;
    }

    /// <summary>Every instance and nginx answer <paramref name="period"/> with the published version, each within the patience.</summary>
    private async Task<(bool Ok, List<string> Diagnostics)> ServedByAll(Publication publication, string period)
    {
        var clock = Stopwatch.StartNew();
        var waits = await Task.WhenAll(everyone.Select(async who =>
        {
            string last = "no answer";
            while (clock.Elapsed < Patience)
            {
                try
                {
                    var reply = await Evaluate(who.Channel, period);
                    if (reply.Version == publication.Version && reply.VersionBasis == Basis(publication)) return (who.Name, Ok: true, clock.Elapsed, last);
                    last = $"version basis {reply.VersionBasis}";
                }
                catch (RpcException e)
                {
                    last = e.StatusCode.ToString(); // nothing in force yet, or the instance is still catching up: ask again
                }
                await Task.Delay(100);
            }
            return (who.Name, Ok: false, clock.Elapsed, last);
        }));
        var notes = waits.Select(w => w.Ok
            ? $"{w.Name} serves it after {w.Elapsed.TotalMilliseconds:0} ms"
            : $"{w.Name} does not serve it within {Patience.TotalSeconds:0} s (last: {w.last})").ToList();
        return (waits.All(w => w.Ok), notes);
    }

    private static async Task<EvaluateReply> Evaluate(GrpcChannel channel, string period) =>
        await new AppraisalClient(channel).EvaluateAsync(
            new EvaluateRequest { PolicyId = LoadCall.Policy, Period = period, FactsJson = Facts }, deadline: DateTime.UtcNow.AddSeconds(5));

    private static string Basis(Publication publication) => $"published:{publication.Id}";

    [GeneratedRegex(@"^(\s*version\s+)\S+", RegexOptions.Multiline)]
    private static partial Regex DeclaredVersion();
}
