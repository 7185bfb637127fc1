using Appraisal.Engine.Embedding;
using Appraisal.Engine.Tests.Facts;
using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Tests.Embedding;

/// <summary>
/// Random names and values of every kind, records and lists nested past the depth limit, fed through the builder:
/// building and evaluating never throw, every error has a path, and building twice gives the same answer.
/// </summary>
public sealed class FactBuilderFuzzTests : FactSpec
{
    private const int DefaultCount = 2_000;

    private static readonly LoadedPolicy[] Policies =
    [
        PolicyEngine.Load(Policy + "\noutput 工资: money round 0.01 = 岗位工资 * (1 + 超额率) + count(t in 投诉 where t.扣分 > 10) * 1 yuan\n", "事实读取.policy",
            new PolicyLoadOptions { Compile = false }),
        PolicyEngine.LoadFile(Path.Combine(RepositoryPaths.Policies, "after-sales", "售后客服考核.policy"), new PolicyLoadOptions { Compile = false }),
        PolicyEngine.LoadFile(Path.Combine(RepositoryPaths.Policies, "service-targets", "售后服务管理考核.policy"), new PolicyLoadOptions { Compile = false }),
    ];

    [Fact]
    public void Random_facts_never_make_the_builder_or_the_evaluation_throw()
    {
        Assert.All(Policies, p => Assert.True(p.IsReady, string.Join("\n", p.Diagnostics)));
        var seed = FuzzSettings.Seed;
        var count = FuzzSettings.Count(DefaultCount);
        var valid = 0;
        for (var i = 0; i < count; i++)
        {
            if (FuzzSettings.Case is { } only && only != i) continue;
            var random = new Random(HashCode.Combine(seed, i));
            var policy = Policies[random.Next(Policies.Length)];
            var builder = policy.Facts();
            var names = Names(policy);
            var good = random.Next(2) == 0;
            if (good)
            {
                // Every input with a good value, some of them replaced by random ones: valid facts now and then.
                foreach (var input in policy.Inputs)
                {
                    if (random.Next(16) == 0) SetRandom(builder, random, [input.Name], depth: 0);
                    else if (input.IsRequired || random.Next(2) == 0) SetGood(builder, input);
                }
            }
            for (var fields = good ? random.Next(-2, 2) : random.Next(0, 16); fields > 0; fields--) SetRandom(builder, random, names, depth: 0);
            try
            {
                var facts = builder.Build();
                var again = builder.Build();
                Assert.Equal(facts.Errors, again.Errors);
                Assert.All(facts.Errors, e => Assert.StartsWith("$", e.Path, StringComparison.Ordinal));
                var result = policy.Evaluate(facts, new PolicyEvaluationOptions { Explain = random.Next(2) == 0, Period = random.Next(3) == 0 ? "2026-03" : null });
                Assert.Equal(facts.IsValid, result.FactErrors.Count == 0);
                if (result.Succeeded)
                {
                    valid++;
                    _ = result.OutputsJson();
                    _ = result.ExplanationText();
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"case {i} (FUZZ_SEED={seed} FUZZ_CASE={i}) threw {e}");
            }
        }
        Assert.True(count < 100 || valid * 20 > count, $"only {valid} of {count} cases were valid: the generator should give good facts now and then");
    }

    /// <summary>A value the field accepts: its low end, its first member, a record of good fields, an empty list.</summary>
    private static void SetGood<T>(FactFields<T> fields, PolicyField field) where T : FactFields<T>
    {
        switch (field.Kind)
        {
            case FieldKind.Bool: fields.Set(field.Name, true); break;
            case FieldKind.Text: fields.Set(field.Name, "备注"); break;
            case FieldKind.Date: fields.Set(field.Name, new DateOnly(2026, 3, 1)); break;
            case FieldKind.Period: fields.Set(field.Name, "2026-03"); break;
            case FieldKind.Enum: fields.Set(field.Name, field.Members[0]); break;
            case FieldKind.List when field.ElementKind == FieldKind.Record:
                fields.SetList(field.Name, list => list.AddRecord(record =>
                {
                    foreach (var recordField in field.Fields) SetGood(record, recordField);
                }));
                break;
            case FieldKind.List: fields.SetList(field.Name, _ => { }); break;
            case FieldKind.Record: fields.Set(field.Name, record =>
                {
                    foreach (var recordField in field.Fields) SetGood(record, recordField);
                });
                break;
            default: fields.Set(field.Name, field.Low ?? 1m); break;
        }
    }

    /// <summary>The names the generator picks from: the policy's own (inputs and record fields), and odd ones.</summary>
    private static string[] Names(LoadedPolicy policy) =>
    [
        .. policy.Inputs.Select(i => i.Name), .. policy.Inputs.SelectMany(i => i.Fields).Select(f => f.Name),
        "", " ", "odd name", "\u0000", "\ud800", "$", "[0]", "'", "\\", new string('名', 300), "岗位工资 ",
    ];

    private static readonly string[] Strings =
    [
        "", "良", "优", "差", "极好", "已处理", "未处理", "普通售后客服", "车身", "6%", "-5%", "250%", "1000元", "¥1000", "1000 yuan",
        "3d", "30min", "24小时", "1e5", "NaN", "2026-03", "2026-Q1", "2026-02-30", "2024-02-29", "true", "null", "\ud800",
        "79228162514264337593543950336", "0.00000000000000000000000000001", new string('x', 500),
    ];

    private static readonly decimal[] Numbers = [0m, 1m, -1m, 0.05m, 1.5m, 5m, 20m, 100m, 1000.10m, decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m];

    private static void SetRandom<T>(FactFields<T> fields, Random random, string[] names, int depth) where T : FactFields<T>
    {
        var name = names[random.Next(names.Length)];
        switch (random.Next(depth > 40 ? 11 : 13))
        {
            case 0: fields.Set(name, Numbers[random.Next(Numbers.Length)]); break;
            case 1: fields.Set(name, random.Next(-3, 30)); break;
            case 2: fields.Set(name, random.NextInt64(long.MinValue, long.MaxValue)); break;
            case 3: fields.Set(name, random.Next(2) == 0); break;
            case 4: fields.Set(name, Strings[random.Next(Strings.Length)]); break;
            case 5: fields.Set(name, new DateOnly(random.Next(1, 9999), random.Next(1, 13), random.Next(1, 29))); break;
            case 6: fields.Set(name, TimeSpan.FromTicks(random.NextInt64(-TimeSpan.TicksPerDay, TimeSpan.TicksPerDay * 30))); break;
            case 7: fields.SetPercent(name, Numbers[random.Next(Numbers.Length)]); break;
            case 8: fields.SetDefault(name); break;
            case 9: fields.SetList(name, Numbers.Take(random.Next(Numbers.Length))); break;
            case 10: fields.SetList(name, Strings.Take(random.Next(4))); break;
            case 11: fields.Set(name, record => Fill(record, random, names, depth + 1)); break;
            default: fields.SetList(name, list => FillList(list, random, names, depth + 1)); break;
        }
    }

    private static void Fill(FactRecordBuilder record, Random random, string[] names, int depth)
    {
        for (var n = random.Next(0, 5); n > 0; n--) SetRandom(record, random, names, depth);
    }

    private static void FillList(FactListBuilder list, Random random, string[] names, int depth)
    {
        for (var n = random.Next(0, depth > 3 ? 2 : 5); n > 0; n--)
        {
            switch (random.Next(depth > 40 ? 5 : 7))
            {
                case 0: list.Add(Numbers[random.Next(Numbers.Length)]); break;
                case 1: list.Add(Strings[random.Next(Strings.Length)]); break;
                case 2: list.Add(TimeSpan.FromMinutes(random.Next(0, 5000))); break;
                case 3: list.AddNull(); break;
                case 4: list.AddPercent(random.Next(-5, 150)); break;
                case 5: list.AddRecord(record => Fill(record, random, names, depth + 1)); break;
                default: list.AddList(inner => FillList(inner, random, names, depth + 1)); break;
            }
        }
    }
}
