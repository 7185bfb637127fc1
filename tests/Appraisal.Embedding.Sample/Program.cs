// Embedding the appraisal engine: load the policies of a directory, build typed facts, evaluate, explain; evaluate a
// JSON document; and see what a bad fact gives. The expected figures are those of the policies' own tests
// (policies/after-sales/售后客服考核.policy: "恰好 91 分：在合格线上" and "满分员工").
using Appraisal.Engine.Embedding;
using Appraisal.Policy.Diagnostics;

var directory = args.Length > 0 ? args[0] : "policies";
using var policies = PolicyEngine.LoadDirectory(directory);
foreach (var diagnostic in policies.Diagnostics) Console.WriteLine(diagnostic);

// 1. Typed facts, built and validated like JSON facts.
var policy = policies["after-sales/售后客服考核"];
Console.WriteLine($"policy {policy.Name} {policy.Version} ({policy.VersionHash}), ready: {policy.IsReady}");
Console.WriteLine("inputs: " + string.Join(", ", policy.Inputs.Select(i => $"{i.Name}: {i.TypeName}{(i.IsRequired ? "" : " = " + i.Default)}")));

var facts = policy.Facts()
    .Set("岗位", "普通售后客服")   // an enum member by name
    .Set("素质", "良")
    .SetPercent("退款率", 6)       // 6%; .Set("退款率", 0.06m) is the same
    .Set("纠纷处理", "良")
    .Set("配合度", "良")
    .Set("执行力", "中")
    .Set("迟到", 1)
    .Set("客户表扬", 3)
    .Set("低质评价", 1)
    .Build();
var result = policy.Evaluate(facts, new PolicyEvaluationOptions { Period = "2026-03", Explain = true });
if (!result.Succeeded)
{
    Console.WriteLine(result);
    return 1;
}
foreach (var output in result.Outputs) Console.WriteLine($"{output.Name} = {output.Display(chinese: true)}");
decimal bonus = result["KPI奖金"].Number!.Value; // exact: 700.00
Console.WriteLine($"KPI bonus as a decimal: {bonus}");
Console.WriteLine(result.ExplanationText(Language.Zh));

// 2. JSON facts (a string here; UTF-8 bytes, a TextReader or a Stream work the same way).
var json = policy.EvaluateJson("""
    { "岗位": "高级售后客服", "素质": "优", "退款率": "3%", "纠纷处理": "优", "配合度": "优", "执行力": "优" }
    """);
Console.WriteLine("json: " + json.OutputsJson());
foreach (var output in json.Outputs) Console.WriteLine($"json: {output.Name} = {output.Display(chinese: true)}");

// 3. A bad fact: every violation, with its path, in English and Chinese; no exception.
var complaints = policies["complaints/投诉处理分值"];
var bad = complaints.Evaluate(complaints.Facts()
    .SetList("投诉", list => list
        .AddRecord(c => c.Set("处理", "已处理").Set("满意度", "非常满意"))
        .AddRecord(c => c.Set("处理", "处理了")))
    .Build());
foreach (var error in bad.FactErrors)
{
    Console.WriteLine(error.Message);
    Console.WriteLine(error.MessageZh);
}

// 4. A policy with a mistake: located diagnostics, in English and Chinese; it does not evaluate.
using var broken = PolicyEngine.Load("policy 坏策略\ninput { 迟到: count }\noutput 扣分: points = 5 each 早退\n", "坏策略.policy");
foreach (var diagnostic in broken.Diagnostics) Console.WriteLine($"{diagnostic}\n  {diagnostic.MessageZh}");
Console.WriteLine($"ready: {broken.IsReady}; evaluating it: {broken.EvaluateJson("{}").Error?.Kind}");
return bad.FactErrors.Count == 1 && !broken.IsReady ? 0 : 1;
