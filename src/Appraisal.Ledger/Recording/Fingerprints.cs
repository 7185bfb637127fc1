using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Appraisal.Ledger.Recording;

/// <summary>
/// Fingerprints of what was asked, to tell a retry (the same request again) from a reuse of its id for another one.
/// A fingerprint is of the request's meaning, not its spelling: the policy, the version that answers, the subject, the
/// period, the facts as validated (defaults applied, canonical decimals, declared order: <see cref="CanonicalFacts"/>)
/// and the earlier periods given (in period order, outputs canonical), or none given.
/// </summary>
public static class Fingerprints
{
    /// <summary>
    /// The prefix of a fingerprint of the request's meaning. A stored fingerprint without it is a legacy one (of the
    /// request's spelling, from before v2) and is compared with <see cref="Legacy"/>, so a retry of a request recorded by
    /// an older service is still recognised; no migration rewrites stored fingerprints (they cannot be recomputed: the
    /// earlier periods a request gave are not stored, and retention may have erased its facts).
    /// </summary>
    public const string Version = "v2:";

    /// <summary>True when a stored fingerprint is of the request's meaning, not a legacy one.</summary>
    public static bool IsOfMeaning(string stored) => stored.StartsWith(Version, StringComparison.Ordinal);

    /// <summary>The fingerprint of one evaluation.</summary>
    public static string Of(string policyId, string policyVersion, string subjectId, PeriodValue period, PolicyPlan plan,
        IReadOnlyList<Value> facts, IReadOnlyList<EarlierPeriod>? earlierGiven)
    {
        var text = new Parts();
        text.Add(policyId);
        text.Add(policyVersion);
        text.Add(subjectId);
        text.Add(period.ToString());
        text.Add(CanonicalFacts.Write(plan.Inputs, facts));
        AddEarlier(text, plan, earlierGiven);
        return Version + text.Hash();
    }

    /// <summary>
    /// The fingerprint of a group evaluation (every member's facts, in the order given: with population rules each
    /// member's outcome depends on all of them), and from it each member's: <see cref="OfMember"/>.
    /// </summary>
    public static string OfGroup(string policyId, string policyVersion, PeriodValue period, PolicyPlan plan,
        IReadOnlyList<(string Id, Value[] Facts)> members, IReadOnlyList<EarlierPeriod>? earlierGiven)
    {
        var text = new Parts();
        text.Add("group");
        text.Add(policyId);
        text.Add(policyVersion);
        text.Add(period.ToString());
        text.Add(members.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var (id, facts) in members)
        {
            text.Add(id);
            text.Add(CanonicalFacts.Write(plan.Inputs, facts));
        }
        AddEarlier(text, plan, earlierGiven);
        return Version + text.Hash();
    }

    /// <summary>A member's fingerprint within a group's.</summary>
    public static string OfMember(string groupFingerprint, string memberId)
    {
        var text = new Parts();
        text.Add(groupFingerprint);
        text.Add(memberId);
        return Version + text.Hash();
    }

    /// <summary>
    /// The fingerprint recorded before v2: of the request as spelled (only JSON whitespace ignored) — the policy id and
    /// pinned version as asked, the subject, the period, the facts and each earlier period given, in the order given.
    /// </summary>
    public static string Legacy(string policyId, string pinnedVersion, string subjectId, string period, string factsJson,
        IReadOnlyList<GivenPeriod> earlierGiven)
    {
        var text = new Parts();
        text.Add(policyId);
        text.Add(pinnedVersion);
        text.Add(subjectId);
        text.Add(PeriodValue.TryParse(period, out var parsed) ? parsed.ToString() : period);
        text.Add(WithoutLayout(factsJson));
        foreach (var earlier in earlierGiven)
        {
            text.Add(earlier.Period);
            text.Add(WithoutLayout(earlier.OutputsJson));
        }
        return text.Hash();
    }

    private static void AddEarlier(Parts text, PolicyPlan plan, IReadOnlyList<EarlierPeriod>? earlierGiven)
    {
        if (earlierGiven is null)
        {
            text.Add("none");
            return;
        }
        text.Add(earlierGiven.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var earlier in earlierGiven.OrderBy(e => e.Period))
        {
            text.Add(earlier.Period.ToString());
            text.Add(CanonicalFacts.Write(plan.OutputSchema, earlier.Outputs));
        }
    }

    /// <summary>JSON without its layout (whitespace), as the legacy fingerprint saw it.</summary>
    private static string WithoutLayout(string json)
    {
        try
        {
            return JToken.Parse(json).ToString(Formatting.None);
        }
        catch (JsonReaderException)
        {
            return json; // not JSON: the evaluation rejects it before anything is recorded
        }
    }

    /// <summary>Length-prefixed parts, so no two different lists of parts hash alike.</summary>
    private sealed class Parts
    {
        private readonly StringBuilder _text = new();

        public void Add(string part) => _text.Append(part.Length).Append(':').Append(part).Append('|');

        public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_text.ToString())));
    }
}
