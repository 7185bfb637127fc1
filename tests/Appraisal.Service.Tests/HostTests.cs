using Appraisal.Service.V1;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Appraisal.Service.Tests;

/// <summary>The whole host in process over gRPC (WebApplicationFactory + Grpc.Net.Client).</summary>
public sealed class HostTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private readonly V1.Appraisal.AppraisalClient _client = factory.Client;

    [Fact]
    public async Task Evaluate_the_after_sales_policy()
    {
        var reply = await _client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91, Explanation = ExplanationLevel.Summary, Language = V1.Language.Zh,
        });

        var outputs = reply.Outputs.ToDictionary(o => o.Name, o => o.Value);
        Assert.Equal("91", outputs["得分"]);
        Assert.Equal("700.00", outputs["KPI奖金"]);
        Assert.Equal("2700.00", outputs["工资"]);
        Assert.Equal(PolicyStore.Hash(factory.Policies.Read(TestPolicies.AfterSalesFile)), reply.Version);
        Assert.Contains("KPI奖金", reply.ExplanationText);
    }

    [Fact]
    public async Task A_stream_with_one_bad_fact_set_among_good_ones()
    {
        using var call = _client.EvaluateStream();
        var good = new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 };
        var bad = new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91.Replace("\"6%\"", "\"六\"") };
        string[] ids = ["r1", "r2", "r3", "r4"];
        foreach (var id in ids) await call.RequestStream.WriteAsync(new EvaluateStreamRequest { RequestId = id, Request = id == "r3" ? bad : good });
        await call.RequestStream.CompleteAsync();

        var answers = new Dictionary<string, EvaluateStreamReply>();
        await foreach (var answer in call.ResponseStream.ReadAllAsync()) answers.Add(answer.RequestId, answer);

        Assert.Equal(ids, answers.Keys.Order());
        foreach (var id in ids.Where(i => i != "r3"))
        {
            Assert.Null(answers[id].Error);
            Assert.Equal("700.00", answers[id].Reply.Outputs.Single(o => o.Name == "KPI奖金").Value);
        }
        var error = answers["r3"].Error;
        Assert.Equal((int)Code.InvalidArgument, error.Code);
        var badRequest = error.Details.Single(d => d.Is(BadRequest.Descriptor)).Unpack<BadRequest>();
        Assert.Equal("$.退款率", badRequest.FieldViolations.Single().Field);
    }

    [Fact]
    public async Task A_batched_stream_answers_every_item_by_id_over_grpc()
    {
        using var call = _client.EvaluateBatchStream();
        for (var b = 0; b < 3; b++)
        {
            var batch = new EvaluateBatchRequest { BatchId = $"b{b}", PolicyId = TestPolicies.AfterSales };
            for (var i = 0; i < 50; i++)
                batch.Items.Add(new EvaluateBatchItem { Id = $"b{b}-{i}", FactsJson = i == 7 ? TestPolicies.Facts91.Replace("\"6%\"", "\"六\"") : TestPolicies.Facts91 });
            await call.RequestStream.WriteAsync(batch);
        }
        await call.RequestStream.WriteAsync(new EvaluateBatchRequest { BatchId = "unknown", PolicyId = "no/such-policy", Items = { new EvaluateBatchItem { Id = "x", FactsJson = "{}" } } });
        await call.RequestStream.CompleteAsync();

        var replies = await call.ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal(["b0", "b1", "b2", "unknown"], replies.Select(r => r.BatchId));
        foreach (var reply in replies.Take(3))
        {
            Assert.Null(reply.Error);
            Assert.Equal(50, reply.Items.Count);
            Assert.Equal(Enumerable.Range(0, 50).Select(i => $"{reply.BatchId}-{i}"), reply.Items.Select(i => i.Id));
            Assert.Equal((int)Code.InvalidArgument, reply.Items[7].Error.Code);
            Assert.All(reply.Items.Where((_, i) => i != 7), i => Assert.Equal("700.00", i.Reply.Outputs.Single(o => o.Name == "KPI奖金").Value));
        }
        Assert.Equal((int)Code.NotFound, replies[3].Error.Code);
        Assert.Empty(replies[3].Items);
    }

    [Fact]
    public async Task Group_evaluation_of_the_satisfaction_index()
    {
        var reply = await _client.EvaluateGroupAsync(new EvaluateGroupRequest
        {
            PolicyId = TestPolicies.Satisfaction,
            MembersJson = """
                {
                  "甲": { "完成数量": 10, "质量效果": 10, "服务态度": 5, "及时性": 5, "服务效果": 20, "管理": 20 },
                  "乙": { "完成数量": 10, "质量效果": 10, "服务态度": 5, "及时性": 5, "服务效果": "19.9", "管理": 20 }
                }
                """,
        });

        Assert.Equal(["甲", "乙"], reply.Members.Select(m => m.Id));
        var first = reply.Members[0].Outputs.ToDictionary(o => o.Name, o => o.Value);
        var second = reply.Members[1].Outputs.ToDictionary(o => o.Name, o => o.Value);
        Assert.Equal(("70", "达标", "1"), (first["指数"], first["分数等级"], first["名次"]));
        Assert.Equal(("69.9", "不达标", "2"), (second["指数"], second["分数等级"], second["名次"]));
    }

    [Fact]
    public async Task Group_with_a_bad_member_names_its_path()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _client.EvaluateGroupAsync(new EvaluateGroupRequest
        {
            PolicyId = TestPolicies.Satisfaction,
            MembersJson = """{ "甲": { "完成数量": "很多" } }""",
        }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations, v => v.Field == "$.甲.完成数量");
    }

    [Fact]
    public async Task Bad_facts_are_INVALID_ARGUMENT_with_field_violations()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91.Replace("\"良\", \"退款率\"", "\"好\", \"退款率\""),
        }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("$.素质", violation.Field);
        Assert.Equal("expected one of 优, 良, 中, 差, found \"好\"", violation.Description);
    }

    [Fact]
    public async Task Unknown_policy_is_NOT_FOUND()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = "after-sales/nothing", FactsJson = "{}",
        }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("after-sales/nothing", error.GetRpcStatus()!.GetDetail<ResourceInfo>()!.ResourceName);
    }

    [Fact]
    public async Task Check_returns_diagnostics()
    {
        var reply = await _client.CheckAsync(new CheckRequest
        {
            Source = "policy p\ninput { a: points }\noutput b: points = a + 1 yuan\n",
            Language = V1.Language.En,
        });
        var diagnostic = reply.Diagnostics.First(d => d.Severity == Severity.Error);
        Assert.Equal("PL0202", diagnostic.Code);
        Assert.Equal(3, diagnostic.Line);
        Assert.NotEmpty(diagnostic.Message);
    }

    [Fact]
    public async Task ListPolicies_lists_every_policy_under_the_directory()
    {
        var reply = await _client.ListPoliciesAsync(new ListPoliciesRequest());

        var expected = Directory.EnumerateFiles(factory.Policies.Directory, "*.policy", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(factory.Policies.Directory, f).Replace('\\', '/')[..^".policy".Length])
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, reply.Policies.Select(p => p.Id));
        Assert.All(reply.Policies, p => Assert.Equal(PolicyStatus.Ready, p.Status));
        Assert.All(reply.Policies, p => Assert.Equal(p.Version, p.FileVersion));
    }

    [Fact]
    public async Task DescribePolicy_over_the_wire()
    {
        var reply = await _client.DescribePolicyAsync(new DescribePolicyRequest { PolicyId = TestPolicies.AfterSales });
        Assert.Contains(reply.Inputs, i => i.Name == "岗位" && i.EnumValues.Contains("售后组长"));
    }

    [Fact]
    public async Task Health_is_serving()
    {
        var reply = await factory.Health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_service()
    {
        var reflection = new ServerReflection.ServerReflectionClient(factory.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Contains(call.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "appraisal.v1.Appraisal");
    }

    [Fact]
    public async Task Echo_answers()
    {
        var reply = await _client.EchoAsync(new EchoMessage { Payload = Google.Protobuf.ByteString.CopyFromUtf8("x") });
        Assert.Equal("x", reply.Payload.ToStringUtf8());
    }
}
