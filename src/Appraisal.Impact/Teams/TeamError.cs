using Appraisal.Engine.Facts;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Text;

namespace Appraisal.Impact.Teams;

/// <summary>
/// One thing wrong with a team file, located as a spreadsheet shows it: the row (the header is row 1) and the column
/// (its letter, <c>C</c>, and its header, <c>素质</c>), with the message in both languages. A fault of the whole file
/// (it cannot be read, the subject column is missing) has no row; a fault of a row that no column holds (a required
/// input without a column) has no column.
/// </summary>
/// <param name="Row">The row number as a spreadsheet shows it (header = 1), or null for the file as a whole.</param>
/// <param name="Column">The column's letter (<c>A</c>, <c>AB</c>), or null.</param>
/// <param name="Header">The column's header as written, or null.</param>
/// <param name="Message">What is wrong, in English and Chinese.</param>
public sealed record TeamError(int? Row, string? Column, string? Header, Bilingual Message)
{
    /// <summary>The subject of the row, when the row has one.</summary>
    public string? SubjectId { get; init; }

    /// <summary>The JSON path of the fact the fact reader rejected (<c>$.投诉[0].处理</c>), when the error came from it.</summary>
    public string? FactPath { get; init; }

    /// <summary>
    /// Where, then what: <c>row 5, column C (素质): expected …</c> / <c>第 5 行，C 列（素质）：应为…</c>; a member that
    /// did not come from a file (the ledger's records) is named by its subject: <c>subject E001: $.素质: expected …</c>.
    /// </summary>
    public string Format(Language language)
    {
        var zh = language == Language.Zh;
        var where = new List<string>();
        if (Row is { } row) where.Add(zh ? $"第 {row} 行" : $"row {row}");
        else if (SubjectId is { } subject) where.Add(zh ? $"考核对象 {subject}" : $"subject {subject}"); // a member not from a file
        if (Column is not null || !string.IsNullOrEmpty(Header))
            where.Add(string.IsNullOrEmpty(Header) ? (zh ? $"{Column} 列" : $"column {Column}")
                : zh ? $"{Column} 列（{Header}）" : $"column {Column} ({Header})");
        var place = string.Join(zh ? "，" : ", ", where);
        var message = Message.In(language);
        return place.Length == 0 ? message : place + (zh ? "：" : ": ") + message;
    }

    public override string ToString() => Format(Language.En);

    /// <summary>
    /// The fact reader's message without its path (the cell says where): <c>expected X, found Y</c> /
    /// <c>应为X，实际为Y</c>, keeping the reader's wording and Chinese spacing.
    /// </summary>
    internal static Bilingual FromFact(FactError error, string? rest)
    {
        var en = error.Message[(error.Path.Length + 2)..];
        var zh = error.MessageZh[(error.Path.Length + 1)..];
        return rest is null ? new Bilingual(en, zh) : new Bilingual($"{rest}: {en}", $"{rest}：{zh}");
    }
}
