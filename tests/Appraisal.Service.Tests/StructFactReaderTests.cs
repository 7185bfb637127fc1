using Appraisal.Engine;
using Appraisal.Engine.Facts;
using Google.Protobuf.WellKnownTypes;
using ProtoValue = Google.Protobuf.WellKnownTypes.Value;

namespace Appraisal.Service.Tests;

/// <summary>
/// Facts sent as a <c>google.protobuf.Struct</c> are read straight from the message when nothing is recorded, and as
/// JSON text when the evaluation is recorded (the ledger keeps the text; a replay reads it). Both must read the same:
/// on every Struct the two give the same facts, or the same errors at the same paths.
/// </summary>
public sealed class StructFactReaderTests
{
    private static readonly string[] Policies = ["after-sales/售后客服考核.policy", "complaints/投诉处理分值.policy"];

    private static readonly string[] Names =
    [
        "岗位", "素质", "退款率", "纠纷处理", "配合度", "执行力", "迟到", "请假", "旷工", "低质评价", "投诉扣分", "客户表扬", "表现突出",
        "投诉", "处理", "满意度", "未知", "odd name",
    ];

    private static readonly string[] Strings =
    [
        "良", "优", "中", "差", "普通售后客服", "高级售后客服", "已处理", "未处理", "满意", "不满意", "6%", "250%", "3.2‰", "20分",
        "1000元", "", "极好", "a\nb", // (no lone surrogate: a protobuf string arrives decoded from UTF-8)
    ];

    private static readonly double[] Numbers =
    [
        0, 1, -1, 3, 0.05, 0.06, 1.5, 20, 100, 1e21, 1e30, 1e300, 1e-30, 5e-324, -0.0, 0.1 + 0.2, 12345678901234567890d,
        double.Epsilon, 79228162514264337593543950335d, 0.000123, 2.5e-7,
    ];

    [Fact]
    public void A_struct_read_straight_reads_as_its_JSON_text_does()
    {
        var random = new Random(20261204);
        foreach (var file in Policies)
        {
            var schema = PolicyPipeline.LoadFile(Path.Combine(RepositoryPaths.Root, "policies", file)).Plan!.Inputs;
            var compared = 0;
            for (var i = 0; i < 3000; i++)
            {
                var facts = RandomStruct(random, 0);
                if (!StructFacts.IsClean(facts)) continue;
                compared++;
                var (json, errors) = StructFacts.ToJson(facts);
                Assert.Empty(errors);
                var fromText = FactReader.Read(schema, json!);
                var straight = FactReader.Read(schema, StructFacts.Reader(facts));
                Assert.True(Same(fromText, straight), $"{file}: {json}\ntext: {Describe(fromText)}\nstraight: {Describe(straight)}");
            }
            Assert.True(compared > 2500, $"only {compared} clean structs");
        }
    }

    [Fact]
    public void What_JSON_cannot_hold_is_not_clean()
    {
        Assert.False(StructFacts.IsClean(new Struct { Fields = { [""] = ProtoValue.ForNumber(1) } }));
        Assert.False(StructFacts.IsClean(new Struct { Fields = { ["迟到"] = ProtoValue.ForNumber(double.NaN) } }));
        Assert.False(StructFacts.IsClean(new Struct { Fields = { ["迟到"] = new ProtoValue() } }));
        Assert.False(StructFacts.IsClean(new Struct
        {
            Fields = { ["投诉"] = ProtoValue.ForList(ProtoValue.ForStruct(new Struct { Fields = { ["处理"] = ProtoValue.ForNumber(double.PositiveInfinity) } })) },
        }));
        Assert.True(StructFacts.IsClean(Struct.Parser.ParseJson(TestPolicies.Facts91)));
    }

    private static Struct RandomStruct(Random random, int depth)
    {
        var result = new Struct();
        var count = random.Next(depth == 0 ? 14 : 4);
        for (var i = 0; i < count; i++) result.Fields[Names[random.Next(Names.Length)]] = Value(random, depth);
        return result;
    }

    private static ProtoValue Value(Random random, int depth) => random.Next(depth > 2 ? 8 : 10) switch
    {
        0 or 1 or 2 => ProtoValue.ForNumber(Numbers[random.Next(Numbers.Length)]),
        3 => ProtoValue.ForNumber(Math.Round(random.NextDouble() * 200 - 50, random.Next(0, 5))),
        4 or 5 => ProtoValue.ForString(Strings[random.Next(Strings.Length)]),
        6 => ProtoValue.ForBool(random.Next(2) == 0),
        7 => ProtoValue.ForNull(),
        8 => ProtoValue.ForStruct(RandomStruct(random, depth + 1)),
        _ => ProtoValue.ForList([.. Enumerable.Range(0, random.Next(4)).Select(_ => Value(random, depth + 1))]),
    };

    private static bool Same(FactReadResult a, FactReadResult b) =>
        a.IsValid == b.IsValid
        && (a.IsValid
            ? a.Facts!.SequenceEqual(b.Facts!) && a.Facts!.Select(v => v.ToString()).SequenceEqual(b.Facts!.Select(v => v.ToString()))
            : a.Errors.Select(e => (e.Path, e.Expected, e.Found)).SequenceEqual(b.Errors.Select(e => (e.Path, e.Expected, e.Found))));

    private static string Describe(FactReadResult result) => result.IsValid
        ? string.Join(", ", result.Facts!.Select(v => v.ToString()))
        : string.Join("; ", result.Errors.Select(e => $"{e.Path}: expected {e.Expected}, found {e.Found}"));
}
