using Microsoft.OpenApi.Models;

namespace Appraisal.Service;

/// <summary>
/// The OpenAPI document of the REST face, generated from the proto's <c>google.api.http</c> routes by
/// Microsoft.AspNetCore.Grpc.Swagger (on Swashbuckle), with the proto's comments as descriptions (they reach the
/// generated C# as XML documentation, which this assembly ships). Served at <see cref="DocumentPath"/> on the REST port,
/// and browsable at <see cref="UiPath"/> (Swagger UI, whose files are inside the package: nothing is fetched from the
/// internet). Both are open without a token, like <c>/healthz</c>: the document describes routes and message shapes,
/// which the proto in the repository says already, never data; the routes it describes ask for the token as always.
/// </summary>
public static class OpenApi
{
    public const string DocumentName = "v1";

    public const string DocumentPath = "/openapi/v1.json";

    public const string UiPath = "/openapi";

    /// <summary>
    /// The document's generator: only the transcoded gRPC methods (health, metrics and the root are not in it). Call it
    /// after <c>AddGrpc().AddJsonTranscoding()</c> and before <see cref="Decoding.AddDecodingErrors"/>: it calls
    /// <c>AddGrpc</c> itself, which would bring back the method provider that one replaces (every gRPC route twice).
    /// </summary>
    public static IServiceCollection AddRestOpenApi(this IServiceCollection services)
    {
        services.AddGrpcSwagger();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Appraisal service (appraisal.v1.Appraisal), REST/JSON face",
                Version = DocumentName,
                Description = "The REST face of the gRPC service appraisal.v1.Appraisal, generated from "
                    + "src/Appraisal.Service/Protos/appraisal/v1/appraisal.proto. Numbers travel as exact decimal strings. "
                    + "When the service is configured with tokens, every route needs 'authorization: Bearer <token>'.",
            });
            swagger.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "Needed when the service is configured with Security:Token or Security:Tokens.",
            });
            swagger.AddSecurityRequirement(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "bearer" } }] = [],
            });
            // The generated messages and the service's methods carry the proto's comments.
            var documentation = Path.Combine(AppContext.BaseDirectory, typeof(OpenApi).Assembly.GetName().Name + ".xml");
            swagger.IncludeXmlComments(documentation);
            swagger.IncludeGrpcXmlComments(documentation, includeControllerXmlComments: true);
        });
        return services;
    }

    /// <summary>Maps the document and its browser.</summary>
    public static WebApplication MapRestOpenApi(this WebApplication app)
    {
        app.UseSwagger(swagger => swagger.RouteTemplate = "openapi/{documentName}.json");
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = UiPath.TrimStart('/');
            ui.SwaggerEndpoint(DocumentPath, "appraisal.v1 REST");
        });
        return app;
    }
}
