using System.Globalization;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Values;

/// <summary>A record value: its type and its field values in the type's field order.</summary>
public sealed class RecordValue(RecordType type, Value[] fields)
{
    public RecordType Type { get; } = type;
    public Value[] Fields { get; } = fields;

    public Value this[string name]
    {
        get
        {
            for (var i = 0; i < Type.Fields.Length; i++)
            {
                if (Type.Fields[i].Name == name) return Fields[i];
            }
            return Value.Missing;
        }
    }
}
