using System.Collections.Immutable;

namespace Appraisal.Engine.Facts;

/// <summary>
/// The fields of an object (a fact document or a record) by name, each with how its value is read, found without
/// making a string: from the UTF-8 bytes of JSON text as they stand (the hot path), or from characters.
/// </summary>
internal sealed class FieldLookup
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byName;
    private readonly Utf8Names _utf8;

    public FieldLookup(ImmutableArray<InputField> fields)
    {
        Fields = fields;
        _byName = fields.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        _utf8 = new Utf8Names(fields.Select(f => f.Name));
    }

    public ImmutableArray<InputField> Fields { get; }

    /// <summary>How each field's value is read, by the field's index; set once, by the schema, before the first read.</summary>
    public ValueShape[] Shapes { get; internal set; } = [];

    /// <summary>The index of the field with this name, or -1.</summary>
    public int IndexOf(ReadOnlySpan<char> name) => _byName.TryGetValue(name, out var index) ? index : -1;

    /// <summary>The index of the field named by these UTF-8 bytes (unescaped), or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> name) => _utf8.IndexOf(name);
}
