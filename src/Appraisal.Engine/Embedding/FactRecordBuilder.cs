using Newtonsoft.Json;

namespace Appraisal.Engine.Embedding;

/// <summary>The fields of one record value (an item of a list of records, or a record input), set by name.</summary>
public sealed class FactRecordBuilder : FactFields<FactRecordBuilder>
{
    internal FactRecordBuilder()
    {
        Node = new RecordNode(this);
    }

    internal FactNode Node { get; }

    private sealed class RecordNode(FactRecordBuilder record) : FactNode
    {
        public override void WriteTokens(List<(JsonToken Token, object? Value)> tokens) => record.WriteObject(tokens);
    }
}
