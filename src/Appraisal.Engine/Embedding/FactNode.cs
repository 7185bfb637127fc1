using System.Globalization;
using Newtonsoft.Json;

namespace Appraisal.Engine.Embedding;

/// <summary>
/// A value given to a fact builder, kept as the JSON tokens a fact document would hold at its place, so the facts are
/// validated by the same <see cref="Facts.FactReader"/> as JSON facts (no second validator).
/// </summary>
internal abstract class FactNode
{
    /// <summary>Appends this value's tokens, in document order.</summary>
    public abstract void WriteTokens(List<(JsonToken Token, object? Value)> tokens);

    public static FactNode Scalar(JsonToken token, object? value) => new ScalarNode(token, value);

    public static FactNode Percent(decimal percent) =>
        Scalar(JsonToken.String, percent.ToString(CultureInfo.InvariantCulture) + "%");

    /// <summary>A duration as a JSON document would give it, so the reader's own conversion applies.</summary>
    public static FactNode Duration(TimeSpan value)
    {
        if (value.Ticks % TimeSpan.TicksPerHour == 0) return Scalar(JsonToken.Integer, value.Ticks / TimeSpan.TicksPerHour);
        if (value.Ticks % TimeSpan.TicksPerMinute == 0)
            return Scalar(JsonToken.String, (value.Ticks / TimeSpan.TicksPerMinute).ToString(CultureInfo.InvariantCulture) + "min");
        return Scalar(JsonToken.Float, (decimal)value.Ticks / TimeSpan.TicksPerHour);
    }

    private sealed class ScalarNode(JsonToken token, object? value) : FactNode
    {
        public override void WriteTokens(List<(JsonToken Token, object? Value)> tokens) => tokens.Add((token, value));
    }
}
