using Appraisal.Policy.Semantics;

namespace Appraisal.Impact.Teams;

/// <summary>
/// Where a value of one row's facts comes from: one column (a scalar, or a list or record written as JSON), the
/// fields of a record each from their own columns, or the items of a list each from their own group of columns.
/// </summary>
internal abstract class LayoutNode(PolicyType type)
{
    public PolicyType Type { get; } = type;

    /// <summary>The leftmost column that feeds this value: where an error about the value as a whole is shown.</summary>
    public abstract int FirstColumn { get; }
}

/// <summary>One column holds the value: a scalar as text, or (when <see cref="Json"/>) a list or record as JSON.</summary>
internal sealed class LeafNode(PolicyType type, int column, bool json) : LayoutNode(type)
{
    public int Column { get; } = column;
    public bool Json { get; } = json;
    public override int FirstColumn => Column;
}

/// <summary>A record whose fields come from columns of their own (<c>地址.城市</c>, <c>投诉[1].处理</c>).</summary>
internal sealed class RecordNode(RecordType type) : LayoutNode(type)
{
    /// <summary>The fields that have columns, in the order of their first column.</summary>
    public List<(string Name, LayoutNode Node)> Fields { get; } = [];
    public override int FirstColumn => Fields.Min(f => f.Node.FirstColumn);
}

/// <summary>A list whose items come from repeated, numbered columns (<c>投诉扣分[1]</c>, <c>投诉扣分[2]</c>, …).</summary>
internal sealed class ListNode(ListType type) : LayoutNode(type)
{
    /// <summary>The items by their number as written (from 1), in order.</summary>
    public SortedDictionary<int, LayoutNode> Items { get; } = [];
    public override int FirstColumn => Items.Values.Min(i => i.FirstColumn);
}
