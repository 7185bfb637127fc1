using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Formatting;

/// <summary><c>test "title" { period …  history …  given …  expect … }</c>, one clause per line.</summary>
internal static class TestPrinter
{
    public static void Print(LayoutContext context, TestDecl test)
    {
        context.Block("test " + LiteralPrinter.Quote(test.Title), test, test.Span.Start, "", test.Clauses.IsEmpty, () =>
        {
            foreach (var clause in test.Clauses) context.Line(Text(clause), clause);
        });
    }

    private static string Text(TestClause clause) => clause switch
    {
        TestPeriod p => "period " + p.Period.Text,
        TestHistory h => "history " + h.Period.Text + " " + ExpressionPrinter.Record(h.Outputs),
        TestGiven g => "given " + Subject(g.Subject) + ExpressionPrinter.Record(g.Facts),
        TestExpect e => "expect " + Subject(e.Subject) + ExpressionPrinter.Record(e.Outputs),
        TestViolated v => "expect " + Subject(v.Subject) + "violated " + v.Constraint.Text,
        _ => throw new ArgumentException("Unknown test clause " + clause.GetType().Name, nameof(clause)),
    };

    private static string Subject(string? subject) => subject is null ? "" : LiteralPrinter.Quote(subject) + " ";
}
