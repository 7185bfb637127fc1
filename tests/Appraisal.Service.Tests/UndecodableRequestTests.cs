using System.Net;
using System.Text;
using Appraisal.Service.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Appraisal.Service.Tests;

/// <summary>
/// A caller's mistake never ends in UNKNOWN or INTERNAL: requests that cannot be decoded, sent as hand-built gRPC
/// frames (a raw byte marshaller on the client), and Structs that JSON cannot hold are INVALID_ARGUMENT naming the
/// field, or RESOURCE_EXHAUSTED for protobuf's nesting limit; on a stream only the undecodable message's answer fails.
/// </summary>
public sealed class UndecodableRequestTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);
    private static readonly Method<byte[], byte[]> RawEvaluate = new(MethodType.Unary, "appraisal.v1.Appraisal", "Evaluate", Raw, Raw);
    private static readonly Method<byte[], byte[]> RawStream = new(MethodType.DuplexStreaming, "appraisal.v1.Appraisal", "EvaluateStream", Raw, Raw);
    private static readonly Method<byte[], byte[]> RawBatchStream = new(MethodType.DuplexStreaming, "appraisal.v1.Appraisal", "EvaluateBatchStream", Raw, Raw);

    private static byte[] Bytes(IMessage message) => message.ToByteArray();

    /// <summary>An EvaluateRequest whose string field <paramref name="number"/> holds these bytes (not UTF-8), the rest valid.</summary>
    private static byte[] WithBytes(EvaluateRequest valid, int number, byte[] bytes)
    {
        using var output = new MemoryStream();
        var coded = new CodedOutputStream(output);
        valid.WriteTo(coded);
        coded.WriteTag(number, WireFormat.WireType.LengthDelimited);
        coded.WriteBytes(ByteString.CopyFrom(bytes));
        coded.Flush();
        return output.ToArray();
    }

    private static readonly byte[] NotUtf8 = [(byte)'{', 0xFF, 0xFE, (byte)'}'];

    private static EvaluateRequest Good => new() { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 };

    private async Task<RpcException> RawCall(byte[] payload) =>
        await Assert.ThrowsAsync<RpcException>(async () =>
            await factory.Channel.CreateCallInvoker().AsyncUnaryCall(RawEvaluate, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)), payload));

    private static void InvalidOn(RpcException error, string field)
    {
        Assert.True(error.StatusCode == StatusCode.InvalidArgument, error.Status.ToString());
        Assert.Equal(field, error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Theory]
    [InlineData(EvaluateRequest.FactsJsonFieldNumber, "facts_json")]
    [InlineData(EvaluateRequest.PolicyIdFieldNumber, "policy_id")]
    [InlineData(EvaluateRequest.SubjectIdFieldNumber, "subject_id")]
    public async Task A_string_that_is_not_UTF8_is_INVALID_ARGUMENT_on_its_field(int number, string field)
    {
        var request = Good;
        if (number == EvaluateRequest.FactsJsonFieldNumber) request.ClearFacts();
        if (number == EvaluateRequest.PolicyIdFieldNumber) request.PolicyId = "";
        InvalidOn(await RawCall(WithBytes(request, number, NotUtf8)), field);
    }

    [Fact]
    public async Task A_truncated_message_is_INVALID_ARGUMENT_naming_the_field_it_cuts()
    {
        var bytes = Bytes(Good);
        InvalidOn(await RawCall(bytes[..^5]), "facts_json"); // facts_json is the last field written
    }

    [Fact]
    public async Task Garbage_is_INVALID_ARGUMENT_not_UNKNOWN()
    {
        var error = await RawCall([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]);
        Assert.True(error.StatusCode == StatusCode.InvalidArgument, error.Status.ToString());
        Assert.Contains("appraisal.v1.EvaluateRequest", error.Status.Detail);
    }

    [Fact]
    public async Task A_struct_nested_past_protobufs_limit_is_RESOURCE_EXHAUSTED_on_facts_struct()
    {
        var facts = new Struct { Fields = { ["x"] = Value.ForNumber(1) } };
        for (var i = 0; i < 40; i++) facts = new Struct { Fields = { ["x"] = Value.ForStruct(facts) } };
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await factory.Client.EvaluateAsync(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsStruct = facts }));
        Assert.True(error.StatusCode == StatusCode.ResourceExhausted, error.Status.ToString());
        Assert.Equal("facts_struct", error.GetRpcStatus()!.GetDetail<QuotaFailure>()!.Violations.Single().Subject);
    }

    [Fact]
    public async Task A_struct_with_an_empty_key_or_a_value_without_kind_is_INVALID_ARGUMENT_at_its_path()
    {
        var facts = Struct.Parser.ParseJson(TestPolicies.Facts91);
        facts.Fields[""] = Value.ForNumber(1);
        facts.Fields["素质"] = new Value();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await factory.Client.EvaluateAsync(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsStruct = facts }));
        Assert.True(error.StatusCode == StatusCode.InvalidArgument, error.Status.ToString());
        var fields = error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToList();
        Assert.Contains("$['']", fields);
        Assert.Contains("$.素质", fields);
    }

    [Fact]
    public async Task A_REST_struct_with_an_empty_key_is_400_not_500()
    {
        using var http = factory.CreateClient();
        var path = string.Join('/', TestPolicies.AfterSales.Split('/').Select(Uri.EscapeDataString));
        var response = await http.PostAsync($"/v1/policies/{path}:evaluate",
            new StringContent("""{ "factsStruct": { "": 1 } }""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        Assert.Contains("$['']", body);
    }

    [Fact]
    public async Task On_a_stream_a_message_that_is_not_UTF8_fails_only_its_own_answer()
    {
        using var call = factory.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(RawStream, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20)));
        var bad = Good;
        bad.ClearFacts();
        var badRequest = WithBytes(bad, EvaluateRequest.FactsJsonFieldNumber, NotUtf8);
        using (var frame = new MemoryStream())
        {
            var coded = new CodedOutputStream(frame);
            coded.WriteTag(EvaluateStreamRequest.RequestIdFieldNumber, WireFormat.WireType.LengthDelimited);
            coded.WriteString("bad");
            coded.WriteTag(EvaluateStreamRequest.RequestFieldNumber, WireFormat.WireType.LengthDelimited);
            coded.WriteBytes(ByteString.CopyFrom(badRequest));
            coded.Flush();
            await call.RequestStream.WriteAsync(Bytes(new EvaluateStreamRequest { RequestId = "a", Request = Good }));
            await call.RequestStream.WriteAsync(frame.ToArray());
            await call.RequestStream.WriteAsync(Bytes(new EvaluateStreamRequest { RequestId = "b", Request = Good }));
        }
        await call.RequestStream.CompleteAsync();
        var answers = (await call.ResponseStream.ReadAllAsync().ToListAsync()).Select(EvaluateStreamReply.Parser.ParseFrom).ToList();

        Assert.Equal(["a", "bad", "b"], answers.Select(a => a.RequestId));
        Assert.Equal("91", answers[0].Reply.Outputs.Single(o => o.Name == "得分").Value);
        Assert.Equal("91", answers[2].Reply.Outputs.Single(o => o.Name == "得分").Value);
        Assert.Equal((int)Code.InvalidArgument, answers[1].Error.Code);
        var violation = answers[1].Error.Details.Single(d => d.Is(BadRequest.Descriptor)).Unpack<BadRequest>().FieldViolations.Single();
        Assert.Equal("request.facts_json", violation.Field);
    }

    [Fact]
    public async Task On_a_stream_a_message_without_a_readable_id_ends_the_stream_with_INVALID_ARGUMENT()
    {
        using var call = factory.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(RawStream, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20)));
        await call.RequestStream.WriteAsync(Bytes(new EvaluateStreamRequest { RequestId = "a", Request = Good }));
        await call.RequestStream.WriteAsync([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]);
        var answers = new List<EvaluateStreamReply>();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var bytes in call.ResponseStream.ReadAllAsync()) answers.Add(EvaluateStreamReply.Parser.ParseFrom(bytes));
        });
        Assert.True(error.StatusCode == StatusCode.InvalidArgument, error.Status.ToString());
        Assert.Equal("a", Assert.Single(answers).RequestId);
    }

    [Fact]
    public async Task On_a_batched_stream_an_undecodable_message_ends_the_stream_with_INVALID_ARGUMENT()
    {
        using var call = factory.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(RawBatchStream, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20)));
        var good = new EvaluateBatchRequest { BatchId = "a", PolicyId = TestPolicies.AfterSales, Items = { new EvaluateBatchItem { Id = "1", FactsJson = TestPolicies.Facts91 } } };
        await call.RequestStream.WriteAsync(Bytes(good));
        await call.RequestStream.WriteAsync([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]);
        var answers = new List<EvaluateBatchReply>();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var bytes in call.ResponseStream.ReadAllAsync()) answers.Add(EvaluateBatchReply.Parser.ParseFrom(bytes));
        });
        Assert.True(error.StatusCode == StatusCode.InvalidArgument, error.Status.ToString());
        Assert.Equal("a", Assert.Single(answers).BatchId);
    }
}
