using System.Collections.Immutable;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;

namespace Appraisal.Engine.Embedding;

/// <summary>One input, record field or output of a policy: its name, type and what a fact of it may hold.</summary>
/// <param name="Name">The name as the policy writes it (<c>退款率</c>).</param>
/// <param name="TypeName">The type as the policy writes it: <c>percent</c>, <c>等级</c>, <c>list of 投诉</c>.</param>
/// <param name="Kind">The kind of value (for a list, <see cref="FieldKind.List"/>; its items are <see cref="ElementKind"/>).</param>
/// <param name="IsRequired">True when a fact set must give it (it has no default); outputs are never required.</param>
/// <param name="Low">The declared inclusive lower bound of a number (5% is 0.05), if any.</param>
/// <param name="High">The declared inclusive upper bound of a number, if any.</param>
/// <param name="Default">The default as canonical JSON text (<c>0</c>, <c>"良"</c>, <c>[]</c>; a percent as its fraction), when it has one.</param>
/// <param name="Description">The policy's description of the field, if it has one.</param>
/// <param name="Members">The members of an enum (or of a list's enum items), in declared order; otherwise empty.</param>
/// <param name="Fields">The fields of a record (or of a list's record items); otherwise empty.</param>
/// <param name="ElementKind">The kind of a list's items; null when it is not a list.</param>
public sealed record PolicyField(string Name, string TypeName, FieldKind Kind, bool IsRequired, decimal? Low, decimal? High,
    string? Default, string? Description, IReadOnlyList<string> Members, IReadOnlyList<PolicyField> Fields, FieldKind? ElementKind)
{
    internal static IReadOnlyList<PolicyField> Of(InputSchema schema, ImmutableArray<InputField> fields) =>
        fields.Select(f => Of(schema, f)).ToArray();

    internal static PolicyField Of(InputSchema schema, InputField field)
    {
        var type = field.Type;
        var item = type is ListType list ? list.Element : type;
        var members = item is EnumType e ? (IReadOnlyList<string>)e.Members : [];
        IReadOnlyList<PolicyField> recordFields = item is RecordType r && schema.RecordFields.TryGetValue(r.Name, out var declared)
            ? Of(schema, declared)
            : [];
        return new PolicyField(field.Name, type.Display, KindOf(type), field.IsRequired, field.Low, field.High,
            field.Default is { IsMissing: false } value ? CanonicalJson(value, type) : null,
            field.Description, members, recordFields, type is ListType l ? KindOf(l.Element) : null);
    }

    private static string CanonicalJson(Value value, PolicyType type)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        using (var writer = new Newtonsoft.Json.JsonTextWriter(text)) ValueJson.Write(writer, value, type, canonical: true);
        return text.ToString();
    }

    internal static FieldKind KindOf(PolicyType type) => type switch
    {
        NumericType n => Quantities.UnitOf(n) switch
        {
            QuantityUnit.Count => FieldKind.Count,
            QuantityUnit.Percent => FieldKind.Percent,
            QuantityUnit.Money => FieldKind.Money,
            QuantityUnit.Points => FieldKind.Points,
            QuantityUnit.Duration => FieldKind.Duration,
            _ => n.IsDimensionless ? FieldKind.Number : FieldKind.Quantity,
        },
        SimpleType { Name: "bool" } => FieldKind.Bool,
        SimpleType { Name: "date" } => FieldKind.Date,
        SimpleType { Name: "period" } => FieldKind.Period,
        EnumType => FieldKind.Enum,
        RecordType => FieldKind.Record,
        ListType => FieldKind.List,
        _ => FieldKind.Text,
    };
}
