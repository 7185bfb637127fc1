using System.Text;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Testing;
using Appraisal.Policy.Diagnostics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Appraisal.Engine.Tests;

/// <summary>
/// Golden explanations of every construct, reviewed like the policy snapshots: for each construct policy in
/// <c>Cases/constructs/</c> with tests of its own, every test case explained in Chinese and in English as text, and as
/// JSON data — beside the policy, <c>NAME.explained.txt</c> (<see cref="GoldenFile"/>).
/// </summary>
public class ConstructExplanationTests
{
    private static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Engine.Tests", "Cases", "constructs");

    public static TheoryData<string> Constructs()
    {
        var data = new TheoryData<string>();
        foreach (var (name, source) in ConstructPolicies.All)
            if (source.Contains("\ntest \"", StringComparison.Ordinal)) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Constructs))]
    public void Every_construct_is_explained_in_both_languages_as_text_and_data(string construct)
    {
        var plan = PolicyPipeline.Load(new Policy.Text.SourceText(construct + ".policy", ConstructPolicies.Source(construct)),
            Policy.Semantics.IncludeReader.None).Plan!;
        var text = new StringBuilder();
        foreach (var result in PolicyTestRunner.Run(plan, explain: true))
        {
            text.Append("=== test: ").Append(result.Title).Append('\n');
            if (result.Error is { } error)
            {
                text.Append("error: ").Append(error.Message).Append('\n');
                continue;
            }
            foreach (var rejection in result.Rejections)
                text.Append("rejected: ").Append(rejection.Message).Append('\n').Append("拒绝：").Append(rejection.MessageZh).Append('\n');
            for (var m = 0; m < result.Outcomes.Count; m++)
            {
                var outcome = result.Outcomes[m];
                if (result.Outcomes.Count > 1) text.Append("--- member ").Append(m + 1).Append('\n');
                text.Append("--- zh\n").Append(ExplanationText.Render(outcome, Language.Zh));
                text.Append("--- en\n").Append(ExplanationText.Render(outcome, Language.En));
                using var json = new StringWriter();
                ExplanationJson.Write(new JsonTextWriter(json), outcome);
                using var reader = new JsonTextReader(new StringReader(json.ToString()))
                {
                    DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal,
                };
                text.Append("--- json\n").Append(JToken.ReadFrom(reader).ToString(Formatting.Indented)).Append('\n');
            }
        }
        GoldenFile.Verify(Path.Combine(Folder, construct + ".explained.txt"), text.ToString());
    }
}
