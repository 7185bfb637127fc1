using System.Text.Encodings.Web;
using Microsoft.Extensions.Logging.Console;

namespace Appraisal.Service;

/// <summary>
/// Logs never contain facts — at any level, in any category. A fact is what a caller sends about a person: fact values
/// (facts, group members, earlier periods' outputs) and the ids that name people and their records (subject ids,
/// request ids). The service's own log messages never mention them, and status messages carry none of them
/// (<see cref="Errors"/>), so gRPC's logging of every status it sends is safe. What remains are infrastructure
/// categories that quote the request itself; those are held at Warning whatever the configuration says.
/// </summary>
public static class FactFreeLogging
{
    /// <summary>Categories (and those below them) whose messages quote what a request carries, the most they may log, and why.</summary>
    public static readonly IReadOnlyList<(string Category, LogLevel Level)> Capped =
    [
        // "Request starting HTTP/1.1 GET http://…/v1/subjects/E001/history?…": REST paths and query strings carry
        // subject and request ids, and so does the request scope (RequestPath) it opens for every other log entry of
        // the request while it is enabled at all. It logs nothing above Information, so it is turned off.
        ("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None),
        // Debug: "1 candidate(s) found for the request path '/v1/subjects/E001/history'".
        ("Microsoft.AspNetCore.Routing.Matching", LogLevel.Warning),
        // A rejected request: its request line or headers, quoted when Information is on.
        ("Microsoft.AspNetCore.Server.Kestrel.BadRequests", LogLevel.Warning),
        // The REST face: the JSON reader's exception for a malformed body quotes the body.
        ("Grpc.AspNetCore.Grpc.JsonTranscoding", LogLevel.Warning),
        // Request and response logging, should anyone add it.
        ("Microsoft.AspNetCore.HttpLogging", LogLevel.None),
    ];

    /// <summary>Holds <see cref="Capped"/> categories at their level, after (and over) every configured rule.</summary>
    public static ILoggingBuilder KeepFactsOut(this ILoggingBuilder logging)
    {
        logging.Services.PostConfigure<LoggerFilterOptions>(Clamp);
        return logging;
    }

    /// <summary>
    /// A configured rule for a category inside a capped one may not go below the cap, and each provider named in the
    /// rules (and the rules for all providers) gets a rule at the cap for each capped category: more specific than any
    /// rule for an enclosing category ("Default", "Microsoft.AspNetCore") and, added last, the winner among equals.
    /// </summary>
    internal static void Clamp(LoggerFilterOptions options)
    {
        var rules = options.Rules.ToList();
        var providers = rules.Select(r => r.ProviderName).Append(null).Distinct().ToList();
        options.Rules.Clear();
        foreach (var rule in rules)
        {
            var cap = Capped.Where(c => rule.CategoryName?.StartsWith(c.Category, StringComparison.Ordinal) == true).Select(c => (LogLevel?)c.Level).Max();
            options.Rules.Add(cap is { } level && (rule.LogLevel is null || rule.LogLevel < level)
                ? new LoggerFilterRule(rule.ProviderName, rule.CategoryName, level, rule.Filter)
                : rule);
        }
        foreach (var provider in providers)
        {
            foreach (var (category, level) in Capped) options.Rules.Add(new LoggerFilterRule(provider, category, level, null));
        }
    }
}

/// <summary>
/// JSON console logs (<c>--Logging:Console:FormatterName=json</c>) keep Chinese readable: policy ids, file names and
/// messages appear as written, not as <c>\uXXXX</c>. The encoder is <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>:
/// it escapes what JSON itself requires (quotes, backslashes, control characters — so an entry stays one line and a
/// value cannot break out of its string) and leaves the rest of the Basic Multilingual Plane as it is, CJK included.
/// <c>JavaScriptEncoder.Create(UnicodeRanges.All)</c> would also keep CJK but still escape HTML's <c>&lt; &gt; &amp; ' +</c>,
/// which policy texts such as <c>&lt;= 8%</c> are full of; that protection matters for JSON embedded in a web page, never
/// for a log line. Both, like every encoder .NET ships, still escape characters outside the Basic Multilingual Plane
/// (CJK extension B and later, e.g. 𠮷 as <c>\uD842\uDFB7</c>).
/// </summary>
public static class ReadableJsonLogs
{
    public static ILoggingBuilder KeepJsonReadable(this ILoggingBuilder logging)
    {
        logging.Services.PostConfigure<JsonConsoleFormatterOptions>(options =>
        {
            var writer = options.JsonWriterOptions;
            writer.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            options.JsonWriterOptions = writer;
        });
        return logging;
    }
}
