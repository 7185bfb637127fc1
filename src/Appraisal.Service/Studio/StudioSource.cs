namespace Appraisal.Service.Studio;

/// <summary>
/// The text a draft starts from: the policy file as it is now (from the policy directory: the file on disk, broken
/// or not, which is what its author goes on editing; from the registry: the version in force), with its status.
/// </summary>
internal static class StudioSource
{
    public static IResult Of(IPolicyCatalog catalog, string policyId)
    {
        if (!StudioIds.IsValid(policyId)) throw new StudioBadRequest("policyId", "must be a policy id such as after-sales/售后客服考核");
        if (catalog.Find(policyId) is not { } entry)
            return Results.Json(new { error = $"no policy '{policyId}' is served here", field = "policyId" }, statusCode: StatusCodes.Status404NotFound);
        return Results.Json(new
        {
            policyId = entry.Id,
            text = entry.FileCheck.File.Source.Text,
            version = entry.Current?.Hash ?? "",
            fileVersion = entry.FileHash,
            status = entry.State.ToString().ToUpperInvariant(),
            source = catalog.Source,
            // The libraries the served version includes: sent back with the draft to :diff and :publish.
            libraries = (entry.Current?.Source.Libraries ?? []).Select(l => new { path = l.Path, text = l.Text }),
        });
    }
}
