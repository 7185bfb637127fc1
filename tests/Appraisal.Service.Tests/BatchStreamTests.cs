using Appraisal.Engine.Facts;
using Appraisal.Service.Services;
using Appraisal.Service.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appraisal.Service.Tests;

/// <summary>
/// <c>EvaluateBatchStream</c>, the service class alone with a fake context: several fact sets per message, answers
/// matched by id, each item evaluated as <c>Evaluate</c> evaluates it, failures per item or per message.
/// </summary>
public sealed class BatchStreamTests : IDisposable
{
    private readonly TestPolicies _policies = new();
    private readonly AppraisalService _service;

    public BatchStreamTests()
    {
        var store = new PolicyStore(Options.Create(new PoliciesOptions { Directory = _policies.Directory }), new Environment(),
            NullLogger<PolicyStore>.Instance);
        _service = new AppraisalService(store, new FactLimits(), NullLogger<AppraisalService>.Instance);
    }

    public void Dispose() => _policies.Dispose();

    private static string BadRefundRate => TestPolicies.Facts91.Replace("\"6%\"", "\"六\"");

    private static EvaluateBatchRequest Batch(string batchId, params (string Id, string Facts)[] items)
    {
        var batch = new EvaluateBatchRequest { BatchId = batchId, PolicyId = TestPolicies.AfterSales };
        batch.Items.AddRange(items.Select(i => new EvaluateBatchItem { Id = i.Id, FactsJson = i.Facts }));
        return batch;
    }

    private async Task<List<EvaluateBatchReply>> Run(params EvaluateBatchRequest[] messages)
    {
        var writer = new ListWriter<EvaluateBatchReply>();
        await _service.EvaluateBatchStream(new ListReader<EvaluateBatchRequest>(messages), writer, new FakeCallContext());
        return writer.Written;
    }

    [Fact]
    public async Task Answers_are_matched_by_id_and_a_bad_item_fails_only_its_own_answer()
    {
        var replies = await Run(Batch("b1", ("a", TestPolicies.Facts91), ("bad", BadRefundRate), ("c", TestPolicies.Facts91)),
            Batch("b2", ("d", TestPolicies.Facts91)));

        Assert.Equal(["b1", "b2"], replies.Select(r => r.BatchId));
        Assert.All(replies, r => Assert.Null(r.Error));
        Assert.Equal(["a", "bad", "c"], replies[0].Items.Select(i => i.Id));
        Assert.Equal(["d"], replies[1].Items.Select(i => i.Id));
        foreach (var good in replies.SelectMany(r => r.Items).Where(i => i.Id != "bad"))
        {
            Assert.Null(good.Error);
            Assert.Equal("700.00", good.Reply.Outputs.Single(o => o.Name == "KPI奖金").Value);
        }
        var bad = replies[0].Items[1];
        Assert.Null(bad.Reply);
        Assert.Equal((int)Code.InvalidArgument, bad.Error.Code);
        var violation = bad.Error.Details.Single(d => d.Is(BadRequest.Descriptor)).Unpack<BadRequest>().FieldViolations.Single();
        Assert.Equal("$.退款率", violation.Field);
    }

    [Fact]
    public async Task Every_item_answers_as_the_unary_call_would()
    {
        var facts = new[]
        {
            TestPolicies.Facts91,
            TestPolicies.Facts91.Replace("\"迟到\": 1", "\"迟到\": 4"),
            """{ "岗位": "高级售后客服", "素质": "优", "退款率": "3%", "纠纷处理": "优", "配合度": "优", "执行力": "优" }""",
            BadRefundRate,
            """{ "岗位": "经理" }""",
        };
        var batch = new EvaluateBatchRequest
        {
            BatchId = "same", PolicyId = TestPolicies.AfterSales, Period = "2026-03", Explanation = ExplanationLevel.Full, Language = V1.Language.Zh,
        };
        batch.Items.AddRange(facts.Select((f, i) => new EvaluateBatchItem { Id = $"i{i}", FactsJson = f, SubjectId = $"员工{i}" }));
        batch.Items.Add(new EvaluateBatchItem { Id = "struct", FactsStruct = Struct.Parser.ParseJson("""{ "岗位": "高级售后客服", "素质": "优", "退款率": 0.03, "纠纷处理": "优", "配合度": "优", "执行力": "优" }""") });

        var reply = Assert.Single(await Run(batch));

        Assert.Equal(batch.Items.Count, reply.Items.Count);
        for (var i = 0; i < batch.Items.Count; i++)
        {
            var item = batch.Items[i];
            var unary = new EvaluateRequest
            {
                PolicyId = batch.PolicyId, Period = batch.Period, Explanation = batch.Explanation, Language = batch.Language, SubjectId = item.SubjectId,
            };
            if (item.FactsCase == EvaluateBatchItem.FactsOneofCase.FactsStruct) unary.FactsStruct = item.FactsStruct;
            else unary.FactsJson = item.FactsJson;
            Assert.Equal(item.Id, reply.Items[i].Id);
            try
            {
                var expected = await _service.Evaluate(unary, new FakeCallContext());
                Assert.Null(reply.Items[i].Error);
                Assert.Equal(expected, reply.Items[i].Reply); // every field: outputs, explanation, version, basis
            }
            catch (RpcException e)
            {
                Assert.Null(reply.Items[i].Reply);
                Assert.Equal(e.GetRpcStatus(), reply.Items[i].Error); // code, message and details
            }
        }
        Assert.Equal(2, reply.Items.Count(i => i.Error is not null));
    }

    [Fact]
    public async Task An_item_without_facts_or_with_a_bad_id_fails_on_its_field()
    {
        var batch = Batch("f", ("ok", TestPolicies.Facts91));
        batch.Items.Add(new EvaluateBatchItem { Id = "none" });
        batch.Items.Add(new EvaluateBatchItem { Id = "bell\a", FactsJson = TestPolicies.Facts91 });
        batch.Items.Add(new EvaluateBatchItem { Id = "early", FactsJson = TestPolicies.Facts91, EarlierPeriods = { new V1.EarlierPeriod { Period = "2026-Q5" } } });

        var reply = Assert.Single(await Run(batch));

        Assert.Null(reply.Items[0].Error);
        string Field(int i) => reply.Items[i].Error.Details.Single(d => d.Is(BadRequest.Descriptor)).Unpack<BadRequest>().FieldViolations.Single().Field;
        Assert.All(reply.Items.Skip(1), i => Assert.Equal((int)Code.InvalidArgument, i.Error.Code));
        Assert.Equal("facts", Field(1));
        Assert.Equal("id", Field(2));
        Assert.Equal("earlier_periods[0].period", Field(3));
    }

    [Fact]
    public async Task An_unknown_policy_fails_the_message_and_the_stream_goes_on()
    {
        var unknown = Batch("u", ("a", TestPolicies.Facts91), ("b", TestPolicies.Facts91));
        unknown.PolicyId = "no/such-policy";
        var badPeriod = Batch("p", ("a", TestPolicies.Facts91));
        badPeriod.Period = "2026-Q5";

        var replies = await Run(unknown, badPeriod, Batch("next", ("c", TestPolicies.Facts91)));

        Assert.Equal(["u", "p", "next"], replies.Select(r => r.BatchId));
        Assert.Equal((int)Code.NotFound, replies[0].Error.Code);
        Assert.Contains(replies[0].Error.Details, d => d.Is(ResourceInfo.Descriptor));
        Assert.Empty(replies[0].Items);
        Assert.Equal((int)Code.InvalidArgument, replies[1].Error.Code);
        Assert.Equal("period", replies[1].Error.Details.Single(d => d.Is(BadRequest.Descriptor)).Unpack<BadRequest>().FieldViolations.Single().Field);
        Assert.Empty(replies[1].Items);
        Assert.Null(replies[2].Error);
        Assert.Equal("700.00", replies[2].Items.Single().Reply.Outputs.Single(o => o.Name == "KPI奖金").Value);
    }

    [Fact]
    public async Task More_than_the_limit_of_items_is_invalid_and_the_limit_itself_is_answered()
    {
        var over = Batch("over", Enumerable.Range(0, AppraisalService.MaxBatchItems + 1).Select(i => ($"{i}", TestPolicies.Facts91)).ToArray());
        var full = Batch("full", Enumerable.Range(0, AppraisalService.MaxBatchItems).Select(i => ($"{i}", TestPolicies.Facts91)).ToArray());

        var replies = await Run(over, full);

        Assert.Equal((int)Code.InvalidArgument, replies[0].Error.Code);
        Assert.Empty(replies[0].Items);
        var violation = replies[0].Error.Details.Single(d => d.Is(BadRequest.Descriptor)).Unpack<BadRequest>().FieldViolations.Single();
        Assert.Equal("items", violation.Field);
        Assert.Contains("1000", violation.Description);
        Assert.Null(replies[1].Error);
        Assert.Equal(AppraisalService.MaxBatchItems, replies[1].Items.Count);
        Assert.All(replies[1].Items, i => Assert.Null(i.Error));
        Assert.Equal(Enumerable.Range(0, AppraisalService.MaxBatchItems).Select(i => $"{i}"), replies[1].Items.Select(i => i.Id));
    }

    [Fact]
    public async Task An_empty_batch_is_answered_with_no_items()
    {
        var replies = await Run(Batch("empty"));

        var reply = Assert.Single(replies);
        Assert.Equal("empty", reply.BatchId);
        Assert.Null(reply.Error);
        Assert.Empty(reply.Items);
    }

    [Fact]
    public async Task A_batch_is_never_recorded()
    {
        var batch = Batch("r", ("a", TestPolicies.Facts91));
        batch.Record = true;
        batch.Period = "2026-03";

        var reply = Assert.Single(await Run(batch));

        Assert.Equal((int)Code.InvalidArgument, reply.Error.Code);
        Assert.Empty(reply.Items);
        Assert.Equal("record", reply.Error.Details.Single(d => d.Is(BadRequest.Descriptor)).Unpack<BadRequest>().FieldViolations.Single().Field);
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";
        public string ApplicationName { get; set; } = "Appraisal.Service.Tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
