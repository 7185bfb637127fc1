using System.Collections.Immutable;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// Pass 6: decision-table analysis, as DMN tools do it. The input space of a table is cut into atoms at
/// every bound its cells mention (a point, or the open stretch between two bounds; each enum value; true and
/// false); each atom is matched against every row. An atom no row matches is a gap (or, for an enum column,
/// an uncovered value); an atom two rows of a unique table match is an overlap; a row of a first-hit table
/// that is never the first match is unreachable. Tables whose cells are not constants are not analysed.
/// </summary>
public static class TableCheck
{
    private const int MaxAtoms = 20_000;

    public static void Run(SemanticModel model, DiagnosticBag diagnostics)
    {
        var constants = new ConstantEvaluator(model);
        foreach (var table in model.AllDeclarations.OfType<TableDecl>())
        {
            var elseRows = table.Rows.Where(r => r.IsElse).ToList();
            var lastRule = table.Rows.Length - 1;
            for (var i = 0; i < table.Rows.Length; i++)
            {
                if (table.Rows[i].IsElse && i != lastRule)
                    diagnostics.Report(DiagnosticCodes.ElseNotLast, table.Rows[i].Span, table.Name.Text);
            }
            Analyse(table, model, constants, diagnostics, hasElse: elseRows.Count > 0);
        }
    }

    /// <summary>
    /// The fixes of a table with a gap: an 'else' row giving the zero of the table's result (0, 0 yuan, 0%, false), and
    /// for an enum column, a row for each value not covered; before the table's closing brace, indented as its last row.
    /// None for a result with no obvious zero (an enum, a text) or a table not written one row per line.
    /// </summary>
    private static ImmutableArray<DiagnosticFix> MissingRowFixes(TableDecl table, IReadOnlyList<string> missingValues)
    {
        var zero = table.Result is NamedTypeRef { Name.Text: var type } ? type switch
        {
            "number" or "points" or "count" => "0",
            "money" => "0 yuan",
            "percent" => "0%",
            "bool" => "false",
            _ => null,
        } : null;
        var source = table.Span.Source;
        var text = source.Text;
        var brace = table.Span.End - 1;
        if (zero is null || table.Rows.IsEmpty || brace < 0 || text[brace] != '}') return [];
        var lineStart = text.LastIndexOf('\n', Math.Max(0, brace - 1)) + 1;
        if (!string.IsNullOrWhiteSpace(text[lineStart..brace])) return [];
        var lastRow = table.Rows[^1].Span.Start;
        var lastRowLine = text.LastIndexOf('\n', Math.Max(0, lastRow - 1)) + 1;
        var indent = text[lastRowLine..lastRow];
        if (!string.IsNullOrWhiteSpace(indent)) return [];
        var fixes = ImmutableArray.CreateBuilder<DiagnosticFix>();
        fixes.Add(DiagnosticFix.Insert(source, lineStart, $"{indent}else => {zero}\n",
            new Bilingual($"Add an 'else' row: else => {zero}", $"补上 'else' 行：else => {zero}")));
        if (missingValues.Count > 0)
        {
            var rows = string.Concat(missingValues.Select(v => $"{indent}{v} => {zero}\n"));
            var listed = string.Join(", ", missingValues);
            fixes.Add(DiagnosticFix.Insert(source, lineStart, rows,
                new Bilingual($"Add rows for {listed} (=> {zero})", $"补上 {listed} 的行（=> {zero}）")));
        }
        return fixes.ToImmutable();
    }

    private static void Analyse(TableDecl table, SemanticModel model, ConstantEvaluator constants, DiagnosticBag diagnostics, bool hasElse)
    {
        var rules = table.Rows.Where(r => !r.IsElse).ToList();
        if (rules.Any(r => r.Cells.Length != table.Columns.Length)) return; // reported by TypeCheck
        var columns = new List<Column>();
        for (var c = 0; c < table.Columns.Length; c++)
        {
            var column = Column.For(table.Columns[c], c, model, constants, rules);
            if (column is null || column.Atoms.Count == 0) return; // a column we cannot reason about (or an empty range, PL0604): no analysis rather than a wrong one
            columns.Add(column);
        }
        if (columns.Count == 0) return;
        long space = columns.Aggregate(1L, (n, c) => n * Math.Max(1, c.Atoms.Count));
        if (space > MaxAtoms) return;

        var firstMatchOf = new bool[rules.Count];
        var matchesSomething = new bool[rules.Count];
        var overlaps = new HashSet<(int, int)>();
        var gaps = new List<object[]>();
        var anyGap = false;
        foreach (var atom in Combinations(columns))
        {
            var matching = new List<int>();
            for (var r = 0; r < rules.Count; r++)
            {
                var row = rules[r];
                var all = true;
                for (var c = 0; c < columns.Count && all; c++) all = columns[c].Matches(row.Cells[c], atom[c]);
                if (all) matching.Add(r);
            }
            foreach (var r in matching) matchesSomething[r] = true;
            if (matching.Count > 0) firstMatchOf[matching[0]] = true;
            else
            {
                anyGap = true;
                if (gaps.Count < 1) gaps.Add(atom);
            }
            if (table.HitPolicy == HitPolicy.Unique && matching.Count > 1 && overlaps.Add((matching[0], matching[1])))
            {
                diagnostics.Report(DiagnosticCodes.TableOverlap, rules[matching[1]].Span, table.Name.Text,
                    RowNumber(table, rules[matching[0]]), RowNumber(table, rules[matching[1]]), Describe(columns, atom));
            }
        }

        if (!hasElse && table.HitPolicy != HitPolicy.CollectSum && anyGap)
        {
            if (columns.Count == 1 && columns[0].Enum is not null)
            {
                var missing = columns[0].Atoms.Where(a => !rules.Any(r => columns[0].Matches(r.Cells[0], a))).Select(a => a.ToString()!).ToList();
                diagnostics.ReportFixable(DiagnosticCodes.EnumNotCovered, table.Name.Span, MissingRowFixes(table, missing),
                    table.Name.Text, string.Join(", ", missing));
            }
            else
            {
                diagnostics.ReportFixable(DiagnosticCodes.TableGap, table.Name.Span, MissingRowFixes(table, []),
                    table.Name.Text, Describe(columns, gaps[0]));
            }
        }
        for (var r = 0; r < rules.Count; r++)
        {
            var unreachable = table.HitPolicy == HitPolicy.First ? !firstMatchOf[r] : !matchesSomething[r];
            if (unreachable) diagnostics.Report(DiagnosticCodes.UnreachableRow, rules[r].Span, table.Name.Text, RowNumber(table, rules[r]));
        }
        if (hasElse && !anyGap && table.HitPolicy != HitPolicy.CollectSum)
        {
            var elseRow = table.Rows.First(r => r.IsElse);
            diagnostics.Report(DiagnosticCodes.UnreachableRow, elseRow.Span, table.Name.Text, RowNumber(table, elseRow));
        }
    }

    private static int RowNumber(TableDecl table, TableRow row) => table.Rows.IndexOf(row) + 1;

    private static string Describe(List<Column> columns, object[] atom) =>
        string.Join(", ", columns.Select((c, i) => c.Describe(atom[i])));

    private static IEnumerable<object[]> Combinations(List<Column> columns)
    {
        var indices = new int[columns.Count];
        while (true)
        {
            yield return columns.Select((c, i) => c.Atoms[indices[i]]).ToArray();
            var k = columns.Count - 1;
            while (k >= 0 && ++indices[k] == columns[k].Atoms.Count)
            {
                indices[k] = 0;
                k--;
            }
            if (k < 0) yield break;
        }
    }

    /// <summary>A numeric atom: a single point, or the open stretch between two bounds (null = unbounded).</summary>
    private sealed record Stretch(decimal? Low, decimal? High, decimal Sample, bool IsPoint);

    private sealed class Column
    {
        private readonly ConstantEvaluator _constants;
        private readonly PolicyType _type;

        private Column(string name, PolicyType type, List<object> atoms, ConstantEvaluator constants, EnumType? enumType)
        {
            Name = name;
            _type = type;
            Atoms = atoms;
            _constants = constants;
            Enum = enumType;
        }

        public string Name { get; }
        public List<object> Atoms { get; }
        public EnumType? Enum { get; }

        public static Column? For(FieldDecl field, int index, SemanticModel model, ConstantEvaluator constants, List<TableRow> rules)
        {
            var type = model.SymbolOfDeclaration.TryGetValue(field, out var symbol) ? model.TypeOf(symbol) : PolicyType.Error;
            var values = new List<object?>();
            foreach (var row in rules)
            {
                if (row.Cells[index] is not TestCell cell) continue;
                foreach (var test in cell.Tests)
                {
                    switch (test)
                    {
                        case EqualTest e: values.Add(constants.Evaluate(e.Value)); break;
                        case CompareTest c: values.Add(constants.Evaluate(c.Value)); break;
                        case RangeTest r:
                            values.Add(constants.Evaluate(r.Low));
                            values.Add(constants.Evaluate(r.High));
                            break;
                    }
                }
            }
            if (values.Any(v => v is null)) return null;
            switch (type)
            {
                case EnumType e:
                    return new Column(field.Name.Text, type, e.Members.Select((m, i) => (object)new EnumValue(e.Name, m, i)).ToList(), constants, e);
                case SimpleType when type == PolicyType.Bool:
                    return new Column(field.Name.Text, type, new List<object> { true, false }, constants, null);
                case NumericType numeric:
                {
                    decimal? low = null, high = null;
                    if (field.Range is not null)
                    {
                        low = constants.Number(field.Range.Low);
                        high = constants.Number(field.Range.High);
                    }
                    var integral = numeric is { Kind: NumberKind.Count, IsDimensionless: true };
                    if (integral) low ??= 0m;
                    var bounds = values.OfType<decimal>().Concat(new[] { low, high }.OfType<decimal>()).Distinct().Order().ToList();
                    return new Column(field.Name.Text, type, Stretches(bounds, low, high, integral).Cast<object>().ToList(), constants, null);
                }
                default:
                    return null;
            }
        }

        private static IEnumerable<Stretch> Stretches(List<decimal> bounds, decimal? low, decimal? high, bool integral)
        {
            bool Inside(decimal v) => (low is null || v >= low) && (high is null || v <= high);
            Stretch? Open(decimal? a, decimal? b)
            {
                // A value strictly between a and b (either may be open), or none where no decimal lies between —
                // worked out so that nothing overflows at the ends of the decimal range.
                decimal? sample;
                if (integral)
                {
                    sample = a is null ? Below(Math.Ceiling(b!.Value)) : Above(Math.Floor(a.Value));
                    if (b is not null && sample >= b) return null;
                }
                else
                {
                    sample = a is null && b is null ? 0 : a is null ? Below(b!.Value) : b is null ? Above(a.Value) : a.Value / 2 + b.Value / 2;
                    if (sample is { } between && a is not null && b is not null && (between <= a || between >= b)) return null;
                }
                return sample is { } v && Inside(v) ? new Stretch(a, b, v, false) : null;
            }
            if (bounds.Count == 0)
            {
                if (Open(null, null) is { } whole) yield return whole;
                yield break;
            }
            if (Open(null, bounds[0]) is { } below) yield return below;
            for (var i = 0; i < bounds.Count; i++)
            {
                if (Inside(bounds[i]) && (!integral || bounds[i] == Math.Floor(bounds[i]))) yield return new Stretch(bounds[i], bounds[i], bounds[i], true);
                var next = i + 1 < bounds.Count ? bounds[i + 1] : (decimal?)null;
                if (Open(bounds[i], next) is { } between) yield return between;
            }
        }

        private static decimal? Below(decimal b) => b >= decimal.MinValue + 1 ? b - 1 : null;

        private static decimal? Above(decimal a) => a <= decimal.MaxValue - 1 ? a + 1 : null;

        public bool Matches(Cell cell, object atom) => cell switch
        {
            AnyCell => true,
            TestCell t => t.Tests.Any(test => Matches(test, atom)),
            _ => false,
        };

        private bool Matches(UnaryTest test, object atom)
        {
            var value = atom is Stretch s ? s.Sample : atom;
            switch (test)
            {
                case EqualTest e:
                    return Equals(Normalise(_constants.Evaluate(e.Value)), Normalise(value));
                case CompareTest c:
                {
                    var bound = _constants.Evaluate(c.Value);
                    var order = Compare(value, bound);
                    return order is { } o && c.Op switch
                    {
                        CompareOp.Lt => o < 0, CompareOp.Le => o <= 0, CompareOp.Gt => o > 0, CompareOp.Ge => o >= 0,
                        CompareOp.Eq => o == 0, _ => o != 0,
                    };
                }
                case RangeTest r:
                {
                    var low = Compare(value, _constants.Evaluate(r.Low));
                    var high = Compare(value, _constants.Evaluate(r.High));
                    return low >= 0 && (r.HighOpen ? high < 0 : high <= 0);
                }
                default:
                    return false;
            }
        }

        private static object? Normalise(object? value) => value is decimal d ? d.Normalize() : value;

        private static int? Compare(object? a, object? b) => (a, b) switch
        {
            (decimal x, decimal y) => x.CompareTo(y),
            (EnumValue x, EnumValue y) when x.Enum == y.Enum => x.Index.CompareTo(y.Index),
            _ => null,
        };

        public string Describe(object atom) => atom switch
        {
            Stretch { IsPoint: true } p => $"{Name} = {Format(p.Low)}",
            Stretch { Low: null, High: null } => $"any {Name}",
            Stretch { Low: null } s => $"{Name} < {Format(s.High)}",
            Stretch { High: null } s => $"{Name} > {Format(s.Low)}",
            Stretch s => $"{Format(s.Low)} < {Name} < {Format(s.High)}",
            _ => $"{Name} = {atom}",
        };

        private string Format(decimal? value) => ConstantEvaluator.Format(value, _type);
    }
}
