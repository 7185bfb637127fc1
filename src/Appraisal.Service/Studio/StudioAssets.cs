using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Appraisal.Service.Studio;

/// <summary>
/// The studio's page: the files esbuild wrote from <c>src/studio/</c> at build time, embedded in this assembly (as
/// <c>studio/NAME</c>), served from memory with their content type, an ETag (a revalidation costs a 304) and, when the
/// browser accepts it, their gzip form compressed once at start. Nothing is fetched from anywhere at run time.
/// </summary>
internal sealed class StudioAssets
{
    private const string Prefix = "studio/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".png"] = "image/png",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private sealed record Asset(string ContentType, byte[] Plain, byte[] Gzip, string ETag);

    private readonly FrozenDictionary<string, Asset> _assets;

    private StudioAssets(FrozenDictionary<string, Asset> assets) => _assets = assets;

    /// <summary>The embedded files of the page (none when the build did not produce them: every request is then 404).</summary>
    public static StudioAssets Load(Assembly assembly)
    {
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var plain = new MemoryStream();
            stream.CopyTo(plain);
            var bytes = plain.ToArray();
            using var zipped = new MemoryStream();
            using (var gzip = new GZipStream(zipped, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(bytes);
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
            var etag = "\"" + Convert.ToHexString(SHA256.HashData(bytes), 0, 8).ToLowerInvariant() + "\"";
            assets[name[Prefix.Length..]] = new Asset(type, bytes, zipped.ToArray(), etag);
        }
        return new StudioAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public IEnumerable<string> Names => _assets.Keys;

    /// <summary>Answers a GET for <paramref name="name"/> (a file of the page), or 404.</summary>
    public async Task ServeAsync(HttpContext context, string name)
    {
        var response = context.Response;
        if (!_assets.TryGetValue(name, out var asset))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        response.Headers.ETag = asset.ETag;
        // Revalidated on every load (the names carry no hash), answered by a 304 while unchanged.
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (name.EndsWith(".html", StringComparison.Ordinal))
        {
            // Only the page's own files: the editor injects its styles, the statement and the diff report are shown in sandboxed frames.
            response.Headers.ContentSecurityPolicy =
                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
            response.Headers.XFrameOptions = "DENY";
        }
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = asset.ContentType;
        var gzip = context.Request.Headers.AcceptEncoding.Any(v => v is not null && v.Contains("gzip", StringComparison.OrdinalIgnoreCase));
        var body = gzip ? asset.Gzip : asset.Plain;
        if (gzip) response.Headers.ContentEncoding = "gzip";
        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }
}
