using System.Collections.Immutable;

namespace Appraisal.Engine.Facts;

/// <summary>The fields of an object (a fact document or a record): their names, and how each one's value is read.</summary>
internal sealed class FieldLookup(ImmutableArray<InputField> fields)
{
    public ImmutableArray<InputField> Fields { get; } = fields;

    /// <summary>The fields' names, by the field's index.</summary>
    public NameTable Names { get; } = new([.. fields.Select(f => f.Name)]);

    /// <summary>How each field's value is read, by the field's index; set once, by the schema, before the first read.</summary>
    public ValueShape[] Shapes { get; internal set; } = [];
}
