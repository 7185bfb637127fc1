namespace Appraisal.Engine.Embedding;

/// <summary>The fields of one record value (an item of a list of records, or a record input), set by name.</summary>
public sealed class FactRecordBuilder : FactFields<FactRecordBuilder>
{
    internal FactRecordBuilder()
    {
    }
}
