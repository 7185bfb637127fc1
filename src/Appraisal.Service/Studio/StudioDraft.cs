using Appraisal.Engine;
using Appraisal.Engine.Versions;
using Appraisal.Policy.Editing;
using Appraisal.Policy.Semantics;

namespace Appraisal.Service.Studio;

/// <summary>
/// A draft of a policy as the studio's page sends it: the id of the policy it edits and its whole text. A draft lives
/// only in the request: it is checked (and planned when it checks clean) with the libraries of the version served for
/// the id, and never written to the policy directory or the registry — publishing it goes through <c>:publish</c>.
/// </summary>
internal sealed class StudioDraft
{
    private StudioDraft(string policyId, string text, PolicyEntry? served)
    {
        PolicyId = policyId;
        Text = text;
        Served = served;
        Source = new PolicySource(policyId + ".policy", text, served?.Current?.Source.Libraries ?? []);
        _checked = new Lazy<CheckedPolicy>(Source.Check);
        _planned = new Lazy<PlannedPolicy>(() => PolicyPipeline.Plan(Checked));
    }

    private readonly Lazy<CheckedPolicy> _checked;
    private readonly Lazy<PlannedPolicy> _planned;

    public string PolicyId { get; }
    public string Text { get; }
    /// <summary>The policy the draft edits, as the service serves it (null for a new policy).</summary>
    public PolicyEntry? Served { get; }
    /// <summary>The draft's files: its text under its id's path, with the served version's libraries.</summary>
    public PolicySource Source { get; }
    public CheckedPolicy Checked => _checked.Value;
    public PlannedPolicy Planned => _planned.Value;

    /// <summary>The draft in the request: <c>policyId</c> (an id as the service names policies) and <c>text</c>.</summary>
    public static StudioDraft From(StudioRequest request, IPolicyCatalog catalog, int maxSourceChars)
    {
        var id = request.String("policyId");
        if (!StudioIds.IsValid(id)) throw new StudioBadRequest("policyId", "must be a policy id such as after-sales/售后客服考核 (relative, '/' between folders)");
        var text = request.String("text");
        if (text.Length > maxSourceChars) throw new StudioBadRequest("text", $"at most {maxSourceChars} characters of policy text");
        return new StudioDraft(id, text, catalog.Find(id));
    }

    /// <summary>Another text of the same draft (the page's next edit, made here).</summary>
    public StudioDraft WithText(string text) => new(PolicyId, text, Served);

    /// <summary>
    /// The draft opened in a language service of its own (the service is stateless between calls): under the served
    /// policy file's URI when that file is on this machine, so the includes beside it are read as the editor would;
    /// otherwise under a URI of its own, with no includes read.
    /// </summary>
    /// <param name="servedFirst">Open the served text first, so that a draft whose line is half typed (it does not parse)
    /// still completes with the names the served version declares (the language service keeps the last resolved check).</param>
    public (LanguageService Service, string Uri) Open(bool servedFirst = false)
    {
        var service = new LanguageService();
        var path = Served?.Current?.SourcePath;
        var uri = path is not null && Path.IsPathFullyQualified(path) && File.Exists(path)
            ? new Uri(path).AbsoluteUri
            : "studio:" + Uri.EscapeDataString(PolicyId) + ".policy";
        if (servedFirst && Served?.FileCheck.File.Source.Text is { } served) service.Open(uri, 0, served);
        service.Change(uri, 1, Text);
        return (service, uri);
    }
}

/// <summary>What the studio accepts as a policy id: the service's ids (a relative path without <c>.policy</c>).</summary>
internal static class StudioIds
{
    public static bool IsValid(string id) =>
        id.Length is > 0 and <= 512 && !id.StartsWith('/') && !id.Contains('\\') && !id.Split('/').Any(part => part is "" or "." or "..")
        && !id.Any(char.IsControl);
}
