using System.Collections.Immutable;

namespace Appraisal.Engine.Facts;

/// <summary>The fields of an object (a fact document or a record) by name, found from characters without making a string.</summary>
internal sealed class FieldLookup
{
    private readonly Dictionary<string, InputField>.AlternateLookup<ReadOnlySpan<char>> _byName;

    public FieldLookup(ImmutableArray<InputField> fields)
    {
        Fields = fields;
        _byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public ImmutableArray<InputField> Fields { get; }

    public InputField? Find(ReadOnlySpan<char> name) => _byName.TryGetValue(name, out var field) ? field : null;
}
