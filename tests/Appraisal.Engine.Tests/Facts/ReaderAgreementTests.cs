using System.Text;
using Appraisal.Engine.Embedding;
using Appraisal.Engine.Facts;
using Newtonsoft.Json;

namespace Appraisal.Engine.Tests.Facts;

/// <summary>
/// JSON text is read from UTF-8 (<c>Utf8JsonReader</c>, straight into the input slots); facts already in memory through
/// a Newtonsoft reader (a <c>JObject</c>) or as the fact builder's own tokens. The schema is followed by the same code
/// over all of them, so on every strict JSON document they must agree exactly: the same facts, or the same errors at the
/// same paths.
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
    public void The_fact_builder_agrees_with_the_same_facts_written_as_JSON()
    {
        using var policy = PolicyEngine.Load(Policy, "事实读取.policy", new PolicyLoadOptions { Compile = false });
        var random = new Random(20261204);
        var compared = 0;
        for (var i = 0; i < 3000; i++)
        {
            var json = Document(random, 0);
            if (Built(policy, json) is not { } built) continue; // a number no decimal holds: a builder cannot be given it
            compared++;
            var text = policy.ReadJson(json);
            Assert.True(Same(text.Read, built.Read), $"builder and JSON disagree on {json}:\nJSON: {Describe(text.Read)}\nbuilder: {Describe(built.Read)}");
        }
        Assert.True(compared > 2000, $"only {compared} of 3000 documents could be given to a builder");
    }

    /// <summary>The document's members set one by one through a fact builder, as an embedder would; null when a number does not fit a decimal.</summary>
    private static FactSet? Built(LoadedPolicy policy, string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { FloatParseHandling = FloatParseHandling.Decimal, DateParseHandling = DateParseHandling.None };
        try
        {
            reader.Read(); // {
            var builder = policy.Facts();
            Fields(reader, builder);
            return builder.Build();
        }
        catch (Exception e) when (e is JsonReaderException or OverflowException)
        {
            return null;
        }
    }

    private static void Fields<T>(JsonReader reader, FactFields<T> fields) where T : FactFields<T>
    {
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            var name = (string)reader.Value!;
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonToken.StartObject: fields.Set(name, record => Fields(reader, record)); break;
                case JsonToken.StartArray: fields.SetList(name, list => Items(reader, list)); break;
                case JsonToken.Null: fields.SetDefault(name); break;
                case JsonToken.Boolean: fields.Set(name, (bool)reader.Value!); break;
                case JsonToken.String: fields.Set(name, (string)reader.Value!); break;
                case JsonToken.Integer when reader.Value is long whole: fields.Set(name, whole); break;
                default: fields.Set(name, Number(reader.Value)); break;
            }
        }
    }

    private static decimal Number(object? value) => value is System.Numerics.BigInteger big
        ? (decimal)big // OverflowException beyond a decimal
        : Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);

    private static void Items(JsonReader reader, FactListBuilder list)
    {
        while (reader.Read() && reader.TokenType != JsonToken.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonToken.StartObject: list.AddRecord(record => Fields(reader, record)); break;
                case JsonToken.StartArray: list.AddList(inner => Items(reader, inner)); break;
                case JsonToken.Null: list.AddNull(); break;
                case JsonToken.Boolean: list.Add((bool)reader.Value!); break;
                case JsonToken.String: list.Add((string)reader.Value!); break;
                case JsonToken.Integer when reader.Value is long whole: list.Add(whole); break;
                default: list.Add(Number(reader.Value)); break;
            }
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
            // Now and then a name written with escapes: found as characters, not by its UTF-8 bytes, to the same field.
            members.Add((random.Next(6) == 0 ? Escaped(name) : JsonConvert.ToString(name)) + ": " + Value(random, depth));
        }
        if (depth == 0 && random.Next(4) > 0)
        {
            members.Insert(0, "\"岗位工资\": 1000");
            members.Insert(1, "\"退款率\": 0.05");
        }
        return "{" + string.Join(", ", members) + "}";
    }

    private static string Value(Random random, int depth) => random.Next(depth > 3 ? 11 : 13) switch
    {
        10 => Escaped(EnumStrings[random.Next(EnumStrings.Length)]),
        11 => Document(random, depth + 1),
        12 => "[" + string.Join(", ", Enumerable.Range(0, random.Next(4)).Select(_ => Value(random, depth + 1))) + "]",
        _ => Scalars[random.Next(Scalars.Length)],
    };

    private static readonly string[] EnumStrings = ["良", "优", "中", "差", "普通售后客服", "已处理", "极好"];

    /// <summary>A JSON string with every character written as a <c>\u</c> escape.</summary>
    private static string Escaped(string text) => "\"" + string.Concat(text.Select(c => $"\\u{(int)c:x4}")) + "\"";

    private static bool Same(FactReadResult a, FactReadResult b) =>
        a.IsValid == b.IsValid
        && (a.IsValid
            ? a.Facts!.SequenceEqual(b.Facts!)
            : a.Errors.Select(e => (e.Path, e.Expected, e.Found)).SequenceEqual(b.Errors.Select(e => (e.Path, e.Expected, e.Found))));

    private static string Describe(FactReadResult result) => result.IsValid
        ? string.Join(", ", result.Facts!.Select(v => v.ToString()))
        : string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Expected} / {e.Found}"));
}
