using Appraisal.Engine.Testing;
using Appraisal.Engine.Values;
using Lang = Appraisal.Policy.Diagnostics.Language;

namespace Appraisal.Service.Studio;

/// <summary>
/// A draft's own tests, run as `policy test --coverage` runs them (<see cref="PolicyTestRunner"/> and
/// <see cref="Coverage"/>, the engine's): each case passed or failed with expected against actual, and every item the
/// tests should reach (table rows, scorecard entries, gate outcomes, levels) with whether one did. Lines count from 1.
/// </summary>
internal static class StudioTesting
{
    public static object Run(StudioDraft draft, Lang language)
    {
        var chinese = language == Lang.Zh;
        if (draft.Planned.Plan is not { } plan)
            return new { planned = false, passed = 0, failed = 0, cases = Array.Empty<object>(), coverage = Array.Empty<object>() };
        var results = PolicyTestRunner.Run(plan, explain: true);
        var coverage = Coverage.Of(plan, results.SelectMany(r => r.Outcomes));
        return new
        {
            planned = true,
            passed = results.Count(r => r.Passed),
            failed = results.Count(r => !r.Passed),
            cases = results.Select(r => new
            {
                title = r.Title,
                line = r.Test.Span.StartPosition.Line,
                passed = r.Passed,
                error = r.Error is { } error ? new { message = chinese ? error.MessageZh : error.Message, line = error.Span.StartPosition.Line } : null,
                mismatches = r.Mismatches.Select(m => new
                {
                    output = m.Output,
                    expected = ValueFormat.Format(m.Expected, m.Type, chinese),
                    actual = ValueFormat.Format(m.Actual, m.Type, chinese),
                }),
                constraints = r.ConstraintMismatches.Select(m => m.Message(chinese)),
            }),
            coverage = coverage.Select(c => new { kind = c.Kind, rule = c.Rule, item = c.Item, line = c.Line, reached = c.Reached }),
        };
    }
}
