using System.CommandLine;
using System.Globalization;
using Appraisal.Engine;
using Appraisal.Ledger;
using Appraisal.Ledger.Recording;
using Appraisal.Ledger.Registry;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Cli;

/// <summary>
/// <c>policy publish &lt;policy&gt; --effective 2026-04-01 --ledger L [--message M] [--by NAME] [--policy-id ID]</c>: publishes
/// a version into the ledger's policy registry, in force for periods that start on or after the effective date. Only a
/// version that checks with no errors and whose own tests pass is published (<see cref="Publisher"/>, as the service's
/// PublishPolicy); a publication is never changed, a correction is a new publication.
/// </summary>
internal sealed class PublishCommand : Command
{
    private readonly Argument<string> _policy = new("policy") { Description = "The policy file" };
    private readonly Option<string> _effective = new("--effective")
    {
        Description = "The first day the version is in force (yyyy-MM-dd): periods that start on or after it use it", Required = true,
    };
    private readonly Option<string> _ledger = new("--ledger") { Description = LedgerArgument.Description, Required = true };
    private readonly Option<string> _message = new("--message") { Description = "Why this version is published", DefaultValueFactory = _ => "" };
    private readonly Option<string?> _by = new("--by") { Description = "Who publishes (default: the user name)" };
    private readonly Option<string?> _policyId = new("--policy-id")
    {
        Description = "The policy id to publish under (default: its path under the nearest policies/ folder without .policy, as the service names it)",
    };
    private readonly Option<string> _language = CommonOptions.Language();

    public PublishCommand() : base("publish", "Publish a policy version into the ledger's registry, in force from a date (only when it checks clean and its tests pass).")
    {
        Arguments.Add(_policy);
        Options.Add(_effective);
        Options.Add(_ledger);
        Options.Add(_message);
        Options.Add(_by);
        Options.Add(_policyId);
        Options.Add(_language);
        SetAction(Run);
    }

    private int Run(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var language = CommonOptions.GetLanguage(parseResult, _language);
        string Say(string en, string zh) => CommonOptions.Say(language, en, zh);

        var path = parseResult.GetValue(_policy)!;
        if (!File.Exists(path))
        {
            stderr.WriteLine(Say($"policy: path not found: {path}", $"policy：路径不存在：{path}"));
            return ExitCodes.Usage;
        }
        var effectiveText = parseResult.GetValue(_effective)!;
        if (!DateOnly.TryParseExact(effectiveText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var effective))
        {
            stderr.WriteLine(Say($"policy: --effective '{effectiveText}' is not a date such as 2026-04-01",
                $"policy：--effective「{effectiveText}」不是日期，应形如 2026-04-01"));
            return ExitCodes.Usage;
        }
        var policyId = parseResult.GetValue(_policyId) ?? EvalCommand.PolicyId(path);
        var by = parseResult.GetValue(_by) is { Length: > 0 } named ? named : Environment.UserName;
        var check = PolicyPipeline.Check(SourceText.FromFile(path), new IncludeReader());
        var ledgerText = parseResult.GetValue(_ledger)!;

        Result<Publication> result;
        try
        {
            result = PublishAsync(ledgerText, new Publisher.Request(policyId, check, Path.GetFullPath(path), effective, by,
                parseResult.GetValue(_message) ?? "")).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is LedgerUnusableException || LedgerArgument.IsLedgerError(e))
        {
            // The connection string (and its password) is never printed: only the file, or "the PostgreSQL ledger".
            stderr.WriteLine($"policy: {LedgerArgument.Name(ledgerText)}: {e.Message}");
            return ExitCodes.Failure;
        }
        switch (result.Failure)
        {
            case null:
                var p = result.Value!;
                stdout.WriteLine(Say(
                    $"published {p.PolicyId} version {p.Version} as publication {p.Id}, in force from {p.EffectiveFrom:yyyy-MM-dd} (by {p.PublishedBy})",
                    $"已发布 {p.PolicyId} 版本 {p.Version}（发布 #{p.Id}），自 {p.EffectiveFrom:yyyy-MM-dd} 起生效（发布人 {p.PublishedBy}）"));
                return ExitCodes.Success;
            case Failure.NotPublishable refused:
                foreach (var d in refused.Errors)
                {
                    var (line, column) = d.Span.StartPosition;
                    stderr.WriteLine($"{d.Span.File}({line},{column}): {d.Code} {d.Message(language)}");
                }
                foreach (var test in refused.FailedTests)
                {
                    var (line, column) = test.Span.StartPosition;
                    stderr.WriteLine($"{test.Span.File}({line},{column}): {test.Message(language)}");
                }
                stderr.WriteLine(refused.Errors.Count > 0
                    ? Say($"policy: not published: {refused.PolicyId} has {refused.Errors.Count} error(s)", $"policy：未发布：{refused.PolicyId} 有 {refused.Errors.Count} 个错误")
                    : Say($"policy: not published: {refused.FailedTests.Count} test(s) of {refused.PolicyId} fail",
                        $"policy：未发布：{refused.PolicyId} 有 {refused.FailedTests.Count} 个测试未通过"));
                return ExitCodes.Failure;
            case Failure.LedgerUnavailable down:
                stderr.WriteLine($"policy: {LedgerArgument.Name(ledgerText)}: {down.Exception.Message}");
                return ExitCodes.Failure;
            default:
                throw new InvalidOperationException($"publishing does not fail with {result.Failure.GetType().Name}");
        }
    }

    private static async Task<Result<Publication>> PublishAsync(string ledgerText, Publisher.Request request)
    {
        await using var ledger = await LedgerArgument.OpenAsync(ledgerText);
        return await Publisher.PublishAsync(ledger, request, DateTimeOffset.UtcNow);
    }
}
