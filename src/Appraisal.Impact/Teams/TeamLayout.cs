using System.Globalization;
using System.Text.RegularExpressions;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Hosting;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using Newtonsoft.Json.Linq;

namespace Appraisal.Impact.Teams;

/// <summary>
/// A team file's header row read against the inputs of one or more policies: which column is the subject, and from
/// which columns each input's value is built (see TEAMS.md). Builds each row's facts as a JSON object the fact reader
/// reads, and maps a fact path back to the cell it came from.
/// </summary>
internal sealed partial class TeamLayout
{
    private readonly List<(string Name, LayoutNode Node)> _inputs = [];

    private TeamLayout(IReadOnlyList<TeamColumn> columns, int subject)
    {
        Columns = columns;
        SubjectColumn = subject;
    }

    public IReadOnlyList<TeamColumn> Columns { get; }
    public int SubjectColumn { get; }

    /// <summary>Reads the header row; the layout, or every fault of the header.</summary>
    public static (TeamLayout? Layout, IReadOnlyList<TeamError> Errors) Read(TeamCell[] header, IReadOnlyList<InputSchema> schemas, TeamReadOptions options)
    {
        var errors = new List<TeamError>();
        var types = new Dictionary<string, PolicyType>(StringComparer.Ordinal);
        foreach (var schema in schemas)
            foreach (var field in schema.Fields)
                types.TryAdd(field.Name, field.Type);
        var names = header.Select(c => c.Text.Trim()).ToArray();

        var subject = -1;
        foreach (var wanted in options.SubjectHeaders)
        {
            if (types.ContainsKey(wanted)) continue;
            subject = Array.FindIndex(names, n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase));
            if (subject >= 0) break;
        }
        if (subject < 0)
        {
            var accepted = string.Join(", ", options.SubjectHeaders.Where(h => !types.ContainsKey(h)));
            errors.Add(new TeamError(1, null, null, new Bilingual(
                $"no subject id column: name one column {accepted}",
                $"没有考核对象编号列：请将一列命名为 {accepted.Replace(", ", "、", StringComparison.Ordinal)} 之一")));
        }

        var columns = new List<TeamColumn>(names.Length);
        var layout = new TeamLayout(columns, subject);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            var letter = ColumnLetters.Of(i);
            TeamError Fault(string en, string zh) => new(1, letter, name, new Bilingual(en, zh));
            if (name.Length == 0 || name.StartsWith('#'))
            {
                columns.Add(new TeamColumn(i, letter, name, TeamColumnRole.Blank));
                continue;
            }
            if (seen.TryGetValue(name, out var earlier))
            {
                errors.Add(Fault($"this header is also column {ColumnLetters.Of(earlier)}: each header once",
                    $"此表头与 {ColumnLetters.Of(earlier)} 列重复：每个表头只能出现一次"));
                columns.Add(new TeamColumn(i, letter, name, TeamColumnRole.Blank));
                continue;
            }
            seen[name] = i;
            if (i == subject)
            {
                columns.Add(new TeamColumn(i, letter, name, TeamColumnRole.Subject));
                continue;
            }
            if (Steps(name) is not { } steps)
            {
                errors.Add(Fault("not a column name: write an input (素质), a field (地址.城市) or a numbered item (投诉[1].处理)",
                    "不是有效的列名：应为输入名（素质）、字段（地址.城市）或编号的列表项（投诉[1].处理）"));
                columns.Add(new TeamColumn(i, letter, name, TeamColumnRole.Blank));
                continue;
            }
            if (!types.TryGetValue(steps[0].Name!, out var type))
            {
                var known = string.Join(", ", types.Keys);
                errors.Add(Fault($"unknown column: {steps[0].Name} is not an input of the policy (inputs: {known}; a header starting with # is ignored)",
                    $"未知的列：{steps[0].Name} 不是策略的输入（输入：{known.Replace(", ", "、", StringComparison.Ordinal)}；以 # 开头的表头会被忽略）"));
                columns.Add(new TeamColumn(i, letter, name, TeamColumnRole.Blank));
                continue;
            }
            var index = layout._inputs.FindIndex(x => x.Name == steps[0].Name);
            var node = index >= 0 ? layout._inputs[index].Node : null;
            var problem = Insert(ref node, type, steps, 1, i, steps[0].Name!);
            if (problem is not null)
            {
                errors.Add(new TeamError(1, letter, name, problem));
                columns.Add(new TeamColumn(i, letter, name, TeamColumnRole.Blank));
                continue;
            }
            if (index >= 0) layout._inputs[index] = (steps[0].Name!, node!);
            else layout._inputs.Add((steps[0].Name!, node!));
            var json = Leaf(node!, steps) is LeafNode { Json: true };
            columns.Add(new TeamColumn(i, letter, name, json ? TeamColumnRole.Json : TeamColumnRole.Fact));
        }

        foreach (var schema in schemas)
            foreach (var field in schema.Fields.Where(f => f.IsRequired))
                if (!layout._inputs.Any(x => x.Name == field.Name) && errors.All(e => e.Header != field.Name))
                    errors.Add(new TeamError(1, null, null, new Bilingual(
                        $"no column for the required input {field.Name} ({field.Type.Display})",
                        $"缺少必填输入 {field.Name}（{field.Type.Display}）的列")));
        return errors.Count > 0 ? (null, errors) : (layout, []);
    }

    private static LayoutNode? Leaf(LayoutNode start, List<Step> steps)
    {
        LayoutNode? node = start;
        for (var i = 1; i < steps.Count && node is not null; i++)
            node = steps[i].Name is { } f
                ? (node as RecordNode)?.Fields.FirstOrDefault(x => x.Name == f).Node
                : (node as ListNode)?.Items.GetValueOrDefault(steps[i].Item);
        return node;
    }

    private readonly record struct Step(string? Name, int Item);

    [GeneratedRegex(@"^(?<name>[^.\[\]]+)(\[(?<item>\d+)\])*$")]
    private static partial Regex SegmentPattern();

    /// <summary><c>投诉[2].处理</c> → Field 投诉, Item 2, Field 处理; null when the header is not written that way.</summary>
    private static List<Step>? Steps(string header)
    {
        var steps = new List<Step>();
        foreach (var segment in header.Split('.'))
        {
            var match = SegmentPattern().Match(segment.Trim());
            if (!match.Success) return null;
            steps.Add(new Step(match.Groups["name"].Value.Trim(), 0));
            foreach (Capture item in match.Groups["item"].Captures)
            {
                if (!int.TryParse(item.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 100_000) return null;
                steps.Add(new Step(null, n));
            }
        }
        return steps;
    }

    private static Bilingual? Insert(ref LayoutNode? node, PolicyType type, List<Step> steps, int at, int column, string written)
    {
        if (at == steps.Count)
        {
            if (node is not null)
                return new Bilingual($"{written} is given twice: by this column and by column {ColumnLetters.Of(node.FirstColumn)}",
                    $"{written} 重复给出：本列与 {ColumnLetters.Of(node.FirstColumn)} 列");
            node = new LeafNode(type, column, type is ListType or RecordType);
            return null;
        }
        if (node is LeafNode leaf)
            return new Bilingual($"{written} is already given whole by column {ColumnLetters.Of(leaf.Column)}: give it as one JSON column or by its parts, not both",
                $"{written} 已由 {ColumnLetters.Of(leaf.Column)} 列整体给出：请只用一个 JSON 列或只用各部分的列");
        var step = steps[at];
        if (step.Name is null)
        {
            if (type is not ListType list)
                return new Bilingual($"{written} is not a list ({type.Display}): it has no numbered items", $"{written} 不是列表（{type.Display}），没有编号的项");
            if (step.Item < 1) return new Bilingual("list items are numbered from 1: [1], [2], …", "列表项从 1 开始编号：[1]、[2]、…");
            var items = (ListNode)(node ??= new ListNode(list));
            var child = items.Items.GetValueOrDefault(step.Item);
            var problem = Insert(ref child, list.Element, steps, at + 1, column, $"{written}[{step.Item}]");
            if (problem is null) items.Items[step.Item] = child!;
            return problem;
        }
        if (type is ListType)
            return new Bilingual($"{written} is a list: number its items ({written}[1].{step.Name}) or give it as JSON in one column ({written})",
                $"{written} 是列表：请为各项编号（{written}[1].{step.Name}），或在一列中以 JSON 给出（{written}）");
        if (type is not RecordType record)
            return new Bilingual($"{written} is not a record ({type.Display}): it has no field {step.Name}", $"{written} 不是记录（{type.Display}），没有字段 {step.Name}");
        if (record.Field(step.Name) is not { } fieldType)
        {
            var fields = string.Join(", ", record.Fields.Select(f => f.Name));
            return new Bilingual($"{record.Name} has no field {step.Name}: its fields are {fields}",
                $"{record.Name} 没有字段 {step.Name}：其字段为 {fields.Replace(", ", "、", StringComparison.Ordinal)}");
        }
        var fieldsNode = (RecordNode)(node ??= new RecordNode(record));
        var at2 = fieldsNode.Fields.FindIndex(f => f.Name == step.Name);
        var fieldNode = at2 >= 0 ? fieldsNode.Fields[at2].Node : null;
        var fieldProblem = Insert(ref fieldNode, fieldType, steps, at + 1, column, $"{written}.{step.Name}");
        if (fieldProblem is null)
        {
            if (at2 >= 0) fieldsNode.Fields[at2] = (step.Name, fieldNode!);
            else fieldsNode.Fields.Add((step.Name, fieldNode!));
        }
        return fieldProblem;
    }

    /// <summary>
    /// One row's facts: every input that has a nonempty cell (empty cells are not given: the input's default applies);
    /// faults of single cells (malformed JSON) are added to <paramref name="errors"/>. With <paramref name="paths"/>, also
    /// records from which column each JSON path's value came.
    /// </summary>
    public JObject Build(TeamCell[] cells, int row, List<TeamError>? errors, Dictionary<string, int>? paths)
    {
        var facts = new JObject();
        foreach (var (name, node) in _inputs)
            if (Build(node, cells, JsonPath.Root + JsonPath.Member(name), row, errors, paths) is { } value) facts[name] = value;
        return facts;
    }

    private JToken? Build(LayoutNode node, TeamCell[] cells, string path, int row, List<TeamError>? errors, Dictionary<string, int>? paths)
    {
        switch (node)
        {
            case LeafNode leaf:
            {
                var cell = leaf.Column < cells.Length ? cells[leaf.Column] : default;
                if (cell.Text is null || cell.IsEmpty) return null;
                paths?.TryAdd(path, leaf.Column);
                if (!leaf.Json) return TeamCells.ToJson(cell, leaf.Type, Date1904);
                var (token, problems) = JsonEvaluation.ParseStrict(cell.Text);
                if (token is not null) return token;
                errors?.Add(new TeamError(row, Columns[leaf.Column].Letter, Columns[leaf.Column].Header, new Bilingual(
                    $"not JSON for {leaf.Type.Display}: {problems[0].Message}", $"不是 {leaf.Type.Display} 的 JSON：{problems[0].MessageZh}")));
                return null;
            }
            case RecordNode record:
            {
                var value = new JObject();
                foreach (var (name, field) in record.Fields)
                    if (Build(field, cells, path + JsonPath.Member(name), row, errors, paths) is { } fieldValue) value[name] = fieldValue;
                if (value.Count == 0) return null;
                paths?.TryAdd(path, record.FirstColumn);
                return value;
            }
            case ListNode list:
            {
                var items = new JArray();
                foreach (var item in list.Items.Values)
                {
                    // An empty group of columns is no item: later items move up (the error still names the cell as written).
                    var itemPath = path + JsonPath.Index(items.Count);
                    if (Build(item, cells, itemPath, row, errors, paths) is not { } itemValue) continue;
                    paths?.TryAdd(itemPath, item.FirstColumn);
                    items.Add(itemValue);
                }
                if (items.Count == 0) return null;
                paths?.TryAdd(path, list.FirstColumn);
                return items;
            }
            default:
                throw new InvalidOperationException($"internal error: unknown layout node {node.GetType().Name}");
        }
    }

    /// <summary>Whether the workbook counts date serials from 1904.</summary>
    public bool Date1904 { get; set; }

    /// <summary>
    /// The column a fact path's value came from: the path itself, else the nearest enclosing value that has a column;
    /// the rest of the path (below that value) is returned for the message. Null when no column holds any of it (a
    /// required input without a column).
    /// </summary>
    public (int? Column, string? Remainder) Locate(TeamCell[] cells, string path)
    {
        var paths = new Dictionary<string, int>(StringComparer.Ordinal);
        Build(cells, 0, null, paths);
        var top = Top(path);
        for (var p = path; p.Length > 1; p = Parent(p))
        {
            if (paths.TryGetValue(p, out var column)) return (column, p == path ? null : path[p.Length..].TrimStart('.'));
            if (p == top) break;
        }
        // Nothing given there: the input's first column, if the file has one.
        var input = _inputs.FirstOrDefault(x => JsonPath.Root + JsonPath.Member(x.Name) == top);
        return input.Node is null ? (null, null) : (input.Node.FirstColumn, path == top ? null : path[top.Length..].TrimStart('.'));
    }

    private static string Top(string path)
    {
        var p = path;
        while (Parent(p) is { Length: > 1 } parent) p = parent;
        return p;
    }

    private static string Parent(string path)
    {
        if (path.EndsWith("']", StringComparison.Ordinal)) return path[..path.LastIndexOf("['", StringComparison.Ordinal)];
        if (path.EndsWith(']')) return path[..path.LastIndexOf('[')];
        var dot = path.LastIndexOf('.');
        return dot > 0 ? path[..dot] : JsonPath.Root;
    }
}
