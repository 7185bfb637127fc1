using Appraisal.Engine.Facts;
using Appraisal.Policy.Text;
using DocumentFormat.OpenXml.Packaging;

namespace Appraisal.Impact.Teams;

/// <summary>
/// A team file — CSV or .xlsx, one row per subject, one column per input (TEAMS.md) — opened against the inputs of one
/// or more policies. <see cref="Open(string, IReadOnlyList{InputSchema}, TeamReadOptions?)"/> reads the header (every
/// unknown column, repeated header and missing required input is an error); <see cref="Members"/> then streams the rows,
/// one at a time, never the whole file: memory is one row, plus the set of subject ids seen (to report a repeated one).
/// </summary>
public sealed class TeamFile : IDisposable
{
    private readonly Stream _stream;
    private readonly XlsxTeamSource? _xlsx;
    private readonly IEnumerator<TeamSourceRow> _rows;
    private readonly TeamLayout _layout;
    private bool _enumerated;

    private TeamFile(Stream stream, XlsxTeamSource? xlsx, IEnumerator<TeamSourceRow> rows, TeamLayout layout, TeamFormat format, string? encoding)
    {
        _stream = stream;
        _xlsx = xlsx;
        _rows = rows;
        _layout = layout;
        Format = format;
        Encoding = encoding;
    }

    public TeamFormat Format { get; }

    /// <summary>A CSV file's encoding as read: <c>UTF-8</c>, <c>UTF-8 with BOM</c> or <c>GB18030</c>; null for .xlsx.</summary>
    public string? Encoding { get; }

    /// <summary>The columns, from the header row.</summary>
    public IReadOnlyList<TeamColumn> Columns => _layout.Columns;

    /// <summary>The subject id column's header as written (<c>工号</c>).</summary>
    public string SubjectHeader => _layout.Columns[_layout.SubjectColumn].Header;

    /// <summary>The format a file name says: <c>.csv</c> or <c>.xlsx</c> (any case), else null.</summary>
    public static TeamFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => TeamFormat.Csv,
        ".xlsx" => TeamFormat.Xlsx,
        _ => null,
    };

    /// <summary>Opens a team file for one policy's inputs.</summary>
    public static TeamOpenResult Open(string path, InputSchema schema, TeamReadOptions? options = null) => Open(path, [schema], options);

    /// <summary>
    /// Opens a team file for the inputs of several policies (two versions compared): a column is known when one of them
    /// has the input, and every required input of each needs a column. Faults of the user's file are values, never exceptions.
    /// </summary>
    public static TeamOpenResult Open(string path, IReadOnlyList<InputSchema> schemas, TeamReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (FormatOf(path) is not { } format)
            return TeamOpenResult.Fail(new Bilingual($"{Path.GetFileName(path)}: a team file is .csv or .xlsx",
                $"{Path.GetFileName(path)}：团队文件应为 .csv 或 .xlsx"));
        Stream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return TeamOpenResult.Fail(new Bilingual($"cannot read {path}: {e.Message}", $"无法读取 {path}：{e.Message}"));
        }
        var result = Open(stream, format, schemas, options);
        if (!result.IsValid) stream.Dispose();
        return result;
    }

    /// <summary>Opens a team file from a seekable stream (the file is disposed with it).</summary>
    public static TeamOpenResult Open(Stream stream, TeamFormat format, IReadOnlyList<InputSchema> schemas, TeamReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schemas);
        if (!stream.CanSeek) throw new ArgumentException("a team file is read from a seekable stream", nameof(stream));
        options ??= TeamReadOptions.Default;
        XlsxTeamSource? xlsx = null;
        string? encodingName = null;
        IEnumerator<TeamSourceRow> rows;
        try
        {
            if (format == TeamFormat.Xlsx)
            {
                xlsx = new XlsxTeamSource(stream);
                rows = xlsx.Rows().GetEnumerator();
            }
            else
            {
                var (encoding, name, problem) = TeamEncoding.Detect(stream);
                if (encoding is null) return TeamOpenResult.Fail(problem!);
                encodingName = name;
                stream.Position = 0;
                rows = CsvTeamSource.Rows(stream, encoding).GetEnumerator();
            }
            // The header is the first row with a cell (a workbook may start lower down).
            TeamSourceRow? header = null;
            while (rows.MoveNext())
            {
                if (rows.Current.Cells.Any(c => !c.IsEmpty))
                {
                    header = rows.Current;
                    break;
                }
            }
            if (header is null)
            {
                xlsx?.Dispose();
                return TeamOpenResult.Fail(new Bilingual("the file is empty: the first row names the columns (工号, then the inputs)",
                    "文件为空：第一行应为列名（工号，然后是各输入）"));
            }
            var (layout, errors) = TeamLayout.Read(header.Cells, schemas, options);
            if (layout is null)
            {
                xlsx?.Dispose();
                return new TeamOpenResult(null, header.Number == 1 ? errors : [.. errors.Select(e => e.Row == 1 ? e with { Row = header.Number } : e)]);
            }
            layout.Date1904 = xlsx?.Date1904 ?? false;
            return new TeamOpenResult(new TeamFile(stream, xlsx, rows, layout, format, encodingName), []);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException
                                      or System.Xml.XmlException or CsvHelper.CsvFormatException)
        {
            xlsx?.Dispose();
            return TeamOpenResult.Fail(new Bilingual($"not a readable {(format == TeamFormat.Xlsx ? ".xlsx workbook" : "CSV file")}: {e.Message}",
                $"无法读取的{(format == TeamFormat.Xlsx ? " .xlsx 工作簿" : " CSV 文件")}：{e.Message}"));
        }
    }

    /// <summary>
    /// The subjects, row by row (rows without any cell are skipped), each with its facts and what is wrong with the row
    /// itself; a fact the reader rejects is found by <see cref="TeamMember.Read"/>. Enumerated once.
    /// </summary>
    public IEnumerable<TeamMember> Members()
    {
        if (_enumerated) throw new InvalidOperationException("a team file's rows are read once");
        _enumerated = true;
        return Enumerate();
    }

    private IEnumerable<TeamMember> Enumerate()
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var columns = _layout.Columns;
        var subjectColumn = _layout.SubjectColumn;
        while (_rows.MoveNext())
        {
            var row = _rows.Current;
            if (row.Problem is null && row.Cells.All(c => c.IsEmpty)) continue;
            var errors = new List<TeamError>();
            if (row.Problem is { } problem) errors.Add(new TeamError(row.Number, null, null, problem));
            for (var i = 0; i < row.Cells.Length; i++)
            {
                if (row.Cells[i].IsEmpty) continue;
                if (i >= columns.Count)
                    errors.Add(new TeamError(row.Number, ColumnLetters.Of(i), "", new Bilingual(
                        "a value in a column without a header", "没有表头的列中有值")));
                else if (columns[i].Role == TeamColumnRole.Blank && !columns[i].Header.StartsWith('#'))
                    errors.Add(new TeamError(row.Number, columns[i].Letter, columns[i].Header, new Bilingual(
                        "a value in a column that is not read (no header, or a header in error)", "不被读取的列（无表头或表头有误）中有值")));
            }
            var id = subjectColumn < row.Cells.Length ? row.Cells[subjectColumn].Text.Trim() : "";
            var subject = columns[subjectColumn];
            if (id.Length == 0)
                errors.Add(new TeamError(row.Number, subject.Letter, subject.Header, new Bilingual("a subject id: this cell is empty", "考核对象编号：此单元格为空")));
            else if (!ids.TryAdd(id, row.Number))
                errors.Add(new TeamError(row.Number, subject.Letter, subject.Header, new Bilingual(
                    $"a subject id given once: {id} is also row {ids[id]}", $"不重复的考核对象编号：{id} 与第 {ids[id]} 行重复")) { SubjectId = id });
            var facts = _layout.Build(row.Cells, row.Number, errors, null);
            yield return new TeamMember(id, facts, row.Number, errors.Count == 0 ? [] : errors.Select(e => e with { SubjectId = e.SubjectId ?? id }).ToList(),
                _layout, row.Cells);
        }
    }

    public void Dispose()
    {
        _rows.Dispose();
        _xlsx?.Dispose();
        _stream.Dispose();
    }
}
