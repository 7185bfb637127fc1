using Appraisal.Engine.Evaluation;
using Appraisal.Policy.Diagnostics;

namespace Appraisal.Engine.Statements;

/// <summary>
/// A statement an employee can read: one self-contained HTML5 page per subject (inline CSS, no scripts, fonts or
/// images from elsewhere; printable to A4 PDF from a browser) with the outcome, each scorecard item against its
/// maximum as a bar, deductions and additions, gates and vetoes with their reasons, levels, table rows, the derivation
/// and the policy's citations, in Chinese or English. Host-neutral: the command line and the service only choose
/// what to render and where it goes. Everything taken from the policy or the facts is escaped.
/// </summary>
public static class Statement
{
    /// <summary>The statement of one outcome evaluated with its explanation.</summary>
    public static string Render(Outcome outcome, StatementContext context, Language language = Language.Zh)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(context);
        return StatementHtml.Document([(context, StatementFromOutcome.Build(outcome, language))], language);
    }

    /// <summary>
    /// The statements of a group evaluated together, on one page: a section per member (its id as the subject), each
    /// starting a new printed page.
    /// </summary>
    public static string RenderGroup(IReadOnlyList<(string MemberId, Outcome Outcome)> members, StatementContext context, Language language = Language.Zh)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(context);
        return StatementHtml.Document(
            members.Select(m => (context with { Subject = m.MemberId }, StatementFromOutcome.Build(m.Outcome, language))).ToList(), language);
    }

    /// <summary>Recorded outcomes on one page, a section per record, each starting a new printed page.</summary>
    public static string RenderGroup(IReadOnlyList<(RecordedStatement Record, StatementContext Context)> records, Language language = Language.Zh)
    {
        ArgumentNullException.ThrowIfNull(records);
        return StatementHtml.Document(records.Select(r => (r.Context, StatementFromRecord.Build(r.Record, language))).ToList(), language);
    }

    /// <summary>The statement of a recorded outcome, from what the record keeps (see <see cref="RecordedStatement"/>).</summary>
    public static string Render(RecordedStatement record, StatementContext context, Language language = Language.Zh)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        return StatementHtml.Document([(context, StatementFromRecord.Build(record, language))], language);
    }
}
