using System.Security.Cryptography;
using System.Text;
using Appraisal.Engine.Embedding;
using Appraisal.Policy.Diagnostics;

namespace Appraisal.Engine.Tests.Embedding;

/// <summary>Loading policies from text, a file or a directory: diagnostics as values, schemas, names and versions.</summary>
public sealed class PolicyLoadingTests
{
    private static readonly string AfterSales = Path.Combine(RepositoryPaths.Policies, "after-sales", "售后客服考核.policy");

    [Fact]
    public void A_broken_policy_gives_located_diagnostics_and_no_exception()
    {
        const string text = """
            policy 坏策略
            input { 迟到: count }
            output 扣分: points = 5 each 早退
            """;
        using var policy = PolicyEngine.Load(text, "坏策略.policy");

        Assert.False(policy.IsReady);
        Assert.Null(policy.Plan);
        var error = Assert.Single(policy.Errors);
        Assert.Equal(("坏策略.policy", 3, 28, Severity.Error), (error.File, error.Line, error.Column, error.Severity));
        Assert.Contains("早退", error.Message, StringComparison.Ordinal);
        Assert.Contains("早退", error.MessageZh, StringComparison.Ordinal);
        Assert.NotEqual(error.Message, error.MessageZh);
        Assert.StartsWith($"坏策略.policy(3,28): error {error.Code}: ", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(policy.Inputs);
        Assert.Empty(policy.Outputs);
    }

    [Fact]
    public void A_broken_policy_evaluates_to_an_error_naming_its_diagnostics()
    {
        using var policy = PolicyEngine.Load("policy 坏策略\noutput x: points = y\n", "坏策略.policy");

        var built = policy.Facts().Set("y", 1).Build();
        Assert.False(built.IsValid);
        Assert.Equal("$", Assert.Single(built.Errors).Path);

        var result = policy.EvaluateJson("{}");
        Assert.False(result.Succeeded);
        Assert.Empty(result.FactErrors);
        var error = result.Error!;
        Assert.Equal(FailureKind.PolicyNotReady, error.Kind);
        Assert.Equal(policy.Errors.Select(e => e.Code), error.Diagnostics.Select(d => d.Code));
        Assert.Contains("坏策略.policy(2,", error.Message, StringComparison.Ordinal);
        Assert.Contains("坏策略.policy(2,", error.MessageZh, StringComparison.Ordinal);
        Assert.Equal(policy.Errors.Count(), result.Error!.Diagnostics.Count);
        Assert.Equal(FailureKind.PolicyNotReady, policy.Evaluate(built).Error!.Kind);
    }

    [Fact]
    public void Text_that_is_not_a_policy_at_all_is_a_diagnostic_too()
    {
        using var policy = PolicyEngine.Load("}}} 这不是策略 {{{");
        Assert.False(policy.IsReady);
        Assert.All(policy.Errors, e => Assert.Equal(PolicyEngine.DefaultFileName, e.File));
        Assert.NotEmpty(policy.Errors);
    }

    [Fact]
    public void Policy_text_reads_no_includes_unless_given_a_folder()
    {
        using var policy = PolicyEngine.Load("policy 引用\ninclude \"../../etc/passwd\"\n");
        Assert.Contains(policy.Errors, e => e.Code == "PL1001");
    }

    [Fact]
    public void A_policy_file_has_its_name_declared_version_version_hash_and_schemas()
    {
        using var policy = PolicyEngine.LoadFile(AfterSales);

        Assert.True(policy.IsReady);
        Assert.Empty(policy.Diagnostics);
        Assert.Equal(("售后客服考核", "2026.1", "month"), (policy.Name, policy.Version, policy.Period));
        // The service's version hash: the first 16 hex digits of the SHA-256 of the text.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(AfterSales))))[..16];
        Assert.Equal(hash, policy.VersionHash);

        var refund = Assert.Single(policy.Inputs, i => i.Name == "退款率");
        Assert.Equal(("percent", FieldKind.Percent, true, 0m, 1m), (refund.TypeName, refund.Kind, refund.IsRequired, refund.Low, refund.High));
        var role = Assert.Single(policy.Inputs, i => i.Name == "岗位");
        Assert.Equal(["普通售后客服", "高级售后客服", "售后组长"], role.Members);
        var late = Assert.Single(policy.Inputs, i => i.Name == "迟到");
        Assert.Equal((FieldKind.Count, false, "0"), (late.Kind, late.IsRequired, late.Default));
        var deductions = Assert.Single(policy.Inputs, i => i.Name == "投诉扣分");
        Assert.Equal(("list of points", FieldKind.List, FieldKind.Points, "[]"), (deductions.TypeName, deductions.Kind, deductions.ElementKind, deductions.Default));
        Assert.Equal(["得分", "考核合格", "KPI奖金", "工资"], policy.Outputs.Select(o => o.Name));
        Assert.Equal([FieldKind.Points, FieldKind.Bool, FieldKind.Money, FieldKind.Money], policy.Outputs.Select(o => o.Kind));
    }

    [Fact]
    public void A_list_of_records_describes_its_fields()
    {
        using var policy = PolicyEngine.LoadFile(Path.Combine(RepositoryPaths.Policies, "complaints", "投诉处理分值.policy"));
        var complaints = Assert.Single(policy.Inputs);
        Assert.Equal((FieldKind.List, FieldKind.Record), (complaints.Kind, complaints.ElementKind));
        Assert.Equal(["处理", "满意度"], complaints.Fields.Select(f => f.Name));
        Assert.Equal((true, false, "\"满意\""), (complaints.Fields[0].IsRequired, complaints.Fields[1].IsRequired, complaints.Fields[1].Default));
    }

    [Fact]
    public void A_directory_loads_every_policy_by_the_id_the_service_gives_it()
    {
        using var policies = PolicyEngine.LoadDirectory(RepositoryPaths.Policies);

        var files = Directory.GetFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories);
        Assert.Equal(files.Length, policies.Count);
        Assert.True(policies.AllReady, string.Join("\n", policies.Diagnostics));
        Assert.Contains("after-sales/售后客服考核", policies.Keys);
        Assert.Equal("售后客服考核", policies["after-sales/售后客服考核"].Name);
        Assert.False(policies.ContainsKey("after-sales/不存在"));
        Assert.Throws<KeyNotFoundException>(() => policies["after-sales/不存在"]);
    }

    [Fact]
    public void Files_and_directories_that_do_not_exist_throw_as_dotnet_does()
    {
        Assert.Throws<DirectoryNotFoundException>(() => PolicyEngine.LoadDirectory(Path.Combine(RepositoryPaths.Policies, "不存在")));
        Assert.Throws<FileNotFoundException>(() => PolicyEngine.LoadFile(Path.Combine(RepositoryPaths.Policies, "不存在.policy")));
        Assert.Throws<ArgumentNullException>(() => PolicyEngine.Load(null!));
    }
}
