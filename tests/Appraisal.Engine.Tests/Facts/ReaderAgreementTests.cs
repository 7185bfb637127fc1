using System.Text;
using Appraisal.Engine.Facts;
using Newtonsoft.Json;

namespace Appraisal.Engine.Tests.Facts;

/// <summary>
/// JSON text is read from UTF-8 (<c>Utf8JsonReader</c>, straight into the input slots); facts already in memory (a
/// <c>JObject</c>, the fact builder) through a Newtonsoft reader. The schema is followed by the same code over both, so
/// on every strict JSON document they must agree exactly: the same facts, or the same errors at the same paths.
/// </summary>
public sealed class ReaderAgreementTests : FactSpec
{
    private static readonly string[] Names =
    [
        .. Schema.Fields.Select(f => f.Name), "结果", "满意度", "扣分", "响应时长", "回访", "未知", "", "odd name", "岗位工资 ",
    ];

    // No number too small for a decimal: in memory it is already 0 (JSON text reports it; see StrictJsonFactTests).
    private static readonly string[] Scalars =
    [
        "0", "1", "-1", "0.05", "1000.10", "1.5", "20", "100", "1e2", "1.5E-3", "0e-400", "1e400",
        "79228162514264337593543950336", "12345678901234567890", "-0", "0.0",
        "true", "false", "null", "\"良\"", "\"优\"", "\"极好\"", "\"已处理\"", "\"6%\"", "\"250%\"", "\"1000元\"", "\"3d\"",
        "\"2026-03\"", "\"2026-Q1\"", "\"2026-02-30\"", "\"2024-02-29\"", "\"\"", "\"\\u826f\"", "\"a\\nb\"", "\"" + new string('名', 200) + "\"",
    ];

    [Fact]
    public void The_UTF8_reader_and_the_in_memory_reader_agree_on_every_document()
    {
        var random = new Random(20261203);
        for (var i = 0; i < 3000; i++)
        {
            var json = Document(random, 0);
            var utf8 = Read(json);
            var inMemory = FactReader.Read(Schema, new JsonTextReader(new StringReader(json)));
            Assert.True(Same(utf8, inMemory), $"readers disagree on {json}:\nUTF-8: {Describe(utf8)}\nin memory: {Describe(inMemory)}");
            var bytes = FactReader.Read(Schema, Encoding.UTF8.GetBytes(json));
            Assert.True(Same(utf8, bytes), $"text and bytes disagree on {json}");
        }
    }

    [Fact]
    public void An_escape_that_is_no_character_is_malformed_not_read()
    {
        var error = Rejected(Doc("\"备注\": \"\\ud800\""));
        Assert.Equal(("$.备注", "well-formed JSON"), (error.Path, error.Expected));
        Assert.StartsWith("An escape in a string is not a character", error.Found);
    }

    [Fact]
    public void A_document_in_UTF8_is_limited_in_characters_not_bytes()
    {
        var json = Doc("\"备注\": \"" + new string('名', 100) + "\"");
        var limits = new FactLimits { MaxJsonChars = json.Length };
        Assert.True(FactReader.Read(Schema, Encoding.UTF8.GetBytes(json), limits).IsValid); // about three bytes a character
        var tooLong = FactReader.Read(Schema, Encoding.UTF8.GetBytes(json), limits with { MaxJsonChars = json.Length - 1 });
        Assert.True(tooLong.IsLimitExceeded);
    }

    private static string Document(Random random, int depth)
    {
        var members = new List<string>();
        var count = random.Next(depth == 0 ? 12 : 5);
        for (var m = 0; m < count; m++)
        {
            var name = random.Next(8) == 0 ? Names[random.Next(Names.Length)] : Schema.Fields[random.Next(Schema.Fields.Length)].Name;
            members.Add(JsonConvert.ToString(name) + ": " + Value(random, depth));
        }
        if (depth == 0 && random.Next(4) > 0)
        {
            members.Insert(0, "\"岗位工资\": 1000");
            members.Insert(1, "\"退款率\": 0.05");
        }
        return "{" + string.Join(", ", members) + "}";
    }

    private static string Value(Random random, int depth) => random.Next(depth > 3 ? 10 : 12) switch
    {
        10 => Document(random, depth + 1),
        11 => "[" + string.Join(", ", Enumerable.Range(0, random.Next(4)).Select(_ => Value(random, depth + 1))) + "]",
        _ => Scalars[random.Next(Scalars.Length)],
    };

    private static bool Same(FactReadResult a, FactReadResult b) =>
        a.IsValid == b.IsValid
        && (a.IsValid
            ? a.Facts!.SequenceEqual(b.Facts!)
            : a.Errors.Select(e => (e.Path, e.Expected, e.Found)).SequenceEqual(b.Errors.Select(e => (e.Path, e.Expected, e.Found))));

    private static string Describe(FactReadResult result) => result.IsValid
        ? string.Join(", ", result.Facts!.Select(v => v.ToString()))
        : string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Expected} / {e.Found}"));
}
