using Appraisal.Engine.Facts;
using Appraisal.Policy.Editing;
using Microsoft.Extensions.Options;
using Lang = Appraisal.Policy.Diagnostics.Language;

namespace Appraisal.Service.Studio;

/// <summary>
/// The policy studio on the REST port: the page at <c>/studio/</c> and its API under <c>/studio/api/</c>. The API works
/// on drafts the page sends (stateless: a draft never reaches the policy directory or the registry); the page lists
/// policies, diffs and publishes through the service's own REST routes (<c>/v1/policies</c>, <c>:diff</c>, <c>:publish</c>).
/// With tokens configured every API call needs one (401 otherwise), as every other route does; the page itself holds
/// no policy data and asks for the token before it calls anything.
/// </summary>
public static class StudioRoutes
{
    public const string Path = "/studio";

    public static void MapStudio(this WebApplication app)
    {
        var assets = StudioAssets.Load(typeof(StudioRoutes).Assembly);
        // "/studio" is sent to "/studio/" (the page's relative links need the slash); routing sees the two as one route.
        app.MapMethods(Path + "/{file?}", ["GET", "HEAD"], (HttpContext context, string? file) =>
        {
            if (file is null && !context.Request.Path.Value!.EndsWith('/'))
            {
                context.Response.Redirect(Path + "/");
                return Task.CompletedTask;
            }
            return assets.ServeAsync(context, file ?? "index.html");
        });

        var tokens = app.Services.GetRequiredService<TokenCheck>();
        var catalog = app.Services.GetRequiredService<IPolicyCatalog>();
        var limits = app.Services.GetRequiredService<FactLimits>();
        var maxSource = app.Services.GetRequiredService<IOptions<ServiceOptions>>().Value.MaxSourceChars;
        var budget = app.Services.GetRequiredService<IOptions<EvaluationLimitsOptions>>().Value.Budget;

        var api = app.MapGroup(Path + "/api");
        api.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            http.Response.Headers.CacheControl = "no-store";
            if (tokens.Refusal(http.Request.Headers.Authorization.ToString()) is { } refusal)
                return Results.Json(new { error = refusal }, statusCode: StatusCodes.Status401Unauthorized);
            try
            {
                return await next(context);
            }
            catch (StudioBadRequest e)
            {
                return Results.Json(new { error = e.Message, field = e.Field }, statusCode: StatusCodes.Status400BadRequest);
            }
            catch (StudioFactsRejected e) // the problems name the facts' paths and values: answered to the caller, never logged
            {
                var zh = e.Language == Lang.Zh;
                return Results.Json(new { error = e.Message, facts = e.Errors.Select(f => new { path = f.Path, message = zh ? f.MessageZh : f.Message }) },
                    statusCode: StatusCodes.Status400BadRequest);
            }
        });

        api.MapGet("/source", (string? policyId) => StudioSource.Of(catalog, policyId ?? ""));

        // Each call on a draft: the request read, the draft built from it, the answer as JSON.
        void Post(string path, Func<StudioRequest, StudioDraft, object> answer) =>
            api.MapPost(path, (Func<HttpContext, Task<IResult>>)(http => Answer(http, request =>
                Results.Json(answer(request, StudioDraft.From(request, catalog, maxSource))))));

        Post("/check", (request, draft) => StudioEditing.Diagnostics(draft, request.Language));
        Post("/hover", (request, draft) => StudioEditing.Hover(draft, new LinePosition(request.Int("line"), request.Int("character")), request.Language));
        Post("/complete", (request, draft) => StudioEditing.Completion(draft, new LinePosition(request.Int("line"), request.Int("character"))));
        Post("/format", (_, draft) => StudioEditing.Format(draft));
        Post("/test", (request, draft) => StudioTesting.Run(draft, request.Language));
        Post("/schema", (_, draft) => StudioTrying.Schema(draft));
        Post("/evaluate", (request, draft) => StudioTrying.Evaluate(draft, request, limits, budget, request.Language));
        Post("/save-test", (request, draft) => StudioTrying.SaveAsTest(draft, request, limits, budget, request.Language));
        api.MapPost("/statement", (Func<HttpContext, Task<IResult>>)(http => Answer(http, request =>
        {
            var draft = StudioDraft.From(request, catalog, maxSource);
            var html = StudioTrying.Statement(draft, request, limits, budget, request.Language, DateOnly.FromDateTime(DateTime.UtcNow));
            return Results.Content(html, "text/html; charset=utf-8");
        })));
    }

    private static async Task<IResult> Answer(HttpContext http, Func<StudioRequest, IResult> answer) =>
        answer(await StudioRequest.ReadAsync(http.Request));
}
