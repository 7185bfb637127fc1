using Newtonsoft.Json;

namespace Appraisal.Engine.Embedding;

/// <summary>
/// Replays the tokens of built facts to <see cref="Facts.FactReader"/> as a <see cref="JsonReader"/>: the builder's
/// facts are read token by token exactly as a JSON document with the same values would be.
/// </summary>
internal sealed class FactTokenReader(IReadOnlyList<(JsonToken Token, object? Value)> tokens) : JsonReader
{
    private int _next;

    public override bool Read()
    {
        if (_next >= tokens.Count) return false;
        var (token, value) = tokens[_next++];
        SetToken(token, value);
        return true;
    }
}
