using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Formatting;

/// <summary>Decision tables: one row per line, cells aligned by column and the <c>=&gt;</c> aligned.</summary>
internal static class TablePrinter
{
    public static void Print(LayoutContext context, TableDecl table)
    {
        var columns = string.Join(", ", table.Columns.Select(FieldPrinter.Inline));
        var header = $"table {table.Name.Text}({columns}) -> {TypePrinter.Print(table.Result)}{HitPolicy(table)}";
        context.Block(header, table, table.Result.Span.End, "", table.Rows.IsEmpty, () => Rows(context, table.Rows));
    }

    private static string HitPolicy(TableDecl table) => !table.HitPolicyWritten ? "" : table.HitPolicy switch
    {
        Syntax.HitPolicy.First => " first",
        Syntax.HitPolicy.CollectSum => " collect sum",
        _ => " unique",
    };

    private static void Rows(LayoutContext context, IReadOnlyList<TableRow> rows)
    {
        var cells = rows.Select(r => r.Cells.Select(Cell).ToList()).ToList();
        var widths = ColumnWidths(cells);
        var conditions = rows.Select((row, i) => row.IsElse ? "else" : Join(cells[i], widths)).ToList();
        var arrowColumn = conditions.Select(TextWidth.Of).DefaultIfEmpty(0).Max();
        for (var i = 0; i < rows.Count; i++)
        {
            var text = TextWidth.PadRight(conditions[i], arrowColumn) + " => " + ExpressionPrinter.Print(rows[i].Result);
            context.Line(text, rows[i]);
        }
    }

    private static List<int> ColumnWidths(List<List<string>> cells)
    {
        var widths = new List<int>();
        foreach (var row in cells)
        {
            for (var column = 0; column < row.Count; column++)
            {
                if (column == widths.Count) widths.Add(0);
                widths[column] = Math.Max(widths[column], TextWidth.Of(row[column]));
            }
        }
        return widths;
    }

    private static string Join(List<string> cells, List<int> widths) =>
        string.Join(" | ", cells.Select((cell, column) => column < cells.Count - 1 ? TextWidth.PadRight(cell, widths[column]) : cell));

    private static string Cell(Cell cell) => cell switch
    {
        TestCell tests => string.Join(", ", tests.Tests.Select(Test)),
        _ => "-",
    };

    private static string Test(UnaryTest test) => test switch
    {
        CompareTest c => ExpressionPrinter.Symbol(c.Op) + " " + ExpressionPrinter.Print(c.Value),
        RangeTest r => ExpressionPrinter.Range(r.Low, r.High, r.HighOpen),
        EqualTest e => ExpressionPrinter.Print(e.Value),
        _ => throw new ArgumentException("Unknown test " + test.GetType().Name, nameof(test)),
    };
}
