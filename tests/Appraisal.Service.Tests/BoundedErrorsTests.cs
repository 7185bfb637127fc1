using System.Text;
using Appraisal.Service.V1;
using Google.Rpc;
using Grpc.Core;

namespace Appraisal.Service.Tests;

/// <summary>
/// Every error fits any client: the whole trailer (grpc-status, grpc-message, grpc-status-details-bin) stays under the
/// 8 KB of metadata grpc-go and Envoy accept by default, however many violations or however long the ids sent.
/// </summary>
public sealed class BoundedErrorsTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private const int MetadataLimit = 8 * 1024;

    /// <summary>The bytes the error's trailers take on the wire (names and values, as HTTP/2 carries them before HPACK).</summary>
    private static int TrailerBytes(RpcException error)
    {
        var details = error.Trailers.GetValueBytes("grpc-status-details-bin") ?? [];
        return "grpc-status".Length + 2
            + "grpc-message".Length + PercentEncoded(error.Status.Detail).Length
            + "grpc-status-details-bin".Length + Convert.ToBase64String(details).TrimEnd('=').Length;
    }

    /// <summary>grpc-message as the gRPC spec writes it: UTF-8, bytes outside 0x20–0x7E and '%' as %XX.</summary>
    private static string PercentEncoded(string message)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(message)) text.Append(b is >= 0x20 and <= 0x7E and not (byte)'%' ? ((char)b).ToString() : $"%{b:X2}");
        return text.ToString();
    }

    private static void FitsAnyClient(RpcException error)
    {
        var size = TrailerBytes(error);
        Assert.True(size < MetadataLimit, $"{error.StatusCode}: the trailers take {size} bytes");
    }

    private static string ManyUnknownFields(int count) =>
        TestPolicies.Facts91.TrimEnd().TrimEnd('}') + string.Concat(Enumerable.Range(0, count).Select(i => $", \"不认识的输入{i}\": \"一个相当长的值，好让每一处错误都占些地方 {i}\"")) + " }";

    [Theory]
    [InlineData(1000, V1.Language.En)]
    [InlineData(3000, V1.Language.Zh)]
    public async Task Thousands_of_bad_facts_give_the_first_violations_and_the_count_of_all_within_8_KB(int count, V1.Language language)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await factory.Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = ManyUnknownFields(count), Language = language,
        }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        FitsAnyClient(error);
        var status = error.GetRpcStatus()!;
        var shown = status.GetDetail<BadRequest>()!.FieldViolations;
        Assert.InRange(shown.Count, 10, Errors.MaxViolations);
        Assert.Equal("$.不认识的输入0", shown[0].Field);
        var truncated = status.Details.Where(d => d.Is(ErrorInfo.Descriptor)).Select(d => d.Unpack<ErrorInfo>()).Single(i => i.Reason == "VIOLATIONS_TRUNCATED");
        Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), truncated.Metadata["total"]);
        Assert.Equal(shown.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), truncated.Metadata["shown"]);
        Assert.Contains(count.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Status.Detail);
    }

    [Fact]
    public async Task A_group_of_ten_thousand_bad_members_fits_in_8_KB()
    {
        var members = "{" + string.Join(", ", Enumerable.Range(0, 10_000).Select(i => $"\"成员{i}\": {{ \"素质\": \"不存在的等级\" }}")) + "}";
        var error = await Assert.ThrowsAsync<RpcException>(async () => await factory.Client.EvaluateGroupAsync(new EvaluateGroupRequest
        {
            PolicyId = TestPolicies.AfterSales, MembersJson = members,
        }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        FitsAnyClient(error);
        var truncated = error.GetRpcStatus()!.Details.Where(d => d.Is(ErrorInfo.Descriptor)).Select(d => d.Unpack<ErrorInfo>()).Single(i => i.Reason == "VIOLATIONS_TRUNCATED");
        Assert.True(int.Parse(truncated.Metadata["total"], System.Globalization.CultureInfo.InvariantCulture) >= 60_000, truncated.ToString());
    }

    [Fact]
    public async Task A_20000_character_policy_id_is_not_echoed_whole()
    {
        var id = new string('策', 20_000);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await factory.Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = id, FactsJson = "{}",
        }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        FitsAnyClient(error);
        Assert.True(error.Status.Detail.Length <= Errors.MaxMessageChars, error.Status.Detail);
        var resource = error.GetRpcStatus()!.GetDetail<ResourceInfo>()!;
        Assert.StartsWith("策策策", resource.ResourceName);
        Assert.EndsWith("…", resource.ResourceName);
    }

    [Fact]
    public async Task After_a_large_error_the_channel_answers_the_next_call()
    {
        await Assert.ThrowsAsync<RpcException>(async () => await factory.Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = ManyUnknownFields(3000),
        }));
        var reply = await factory.Client.EvaluateAsync(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 },
            deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.Equal("91", reply.Outputs.Single(o => o.Name == "得分").Value);
    }
}
