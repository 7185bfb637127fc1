using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>A table row: one cell per column (null cell = any value) and its result.</summary>
public sealed class TableRowPlan(int number, TextSpan span, CellTest[]?[] cells, EvalNode result)
{
    /// <summary>1-based position of the row in the table as written.</summary>
    public int Number { get; } = number;
    public TextSpan Span { get; } = span;
    public CellTest[]?[] Cells { get; } = cells;
    public EvalNode Result { get; } = result;

    public bool Matches(Activation a, Value[] arguments)
    {
        for (var c = 0; c < Cells.Length; c++)
        {
            var tests = Cells[c];
            if (tests is null) continue;
            var any = false;
            foreach (var test in tests)
            {
                if (test.Matches(a, arguments[c]))
                {
                    any = true;
                    break;
                }
            }
            if (!any) return false;
        }
        return true;
    }
}
