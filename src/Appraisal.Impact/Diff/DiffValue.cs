using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;

namespace Appraisal.Impact.Diff;

/// <summary>
/// A value as the reports write it: a number as its exact decimal (a percent as the fraction, like facts and outputs
/// in JSON), an enum as its member, <c>true</c>/<c>false</c>, a date <c>2026-03-20</c>, a list or record as JSON; a
/// value the version does not have is null.
/// </summary>
public static class DiffValue
{
    public static string? Text(Value value, PolicyType? type)
    {
        if (type is null || value.IsMissing) return null;
        return value.Kind switch
        {
            ValueKind.List or ValueKind.Record => ValueJson.ToJson(value, type),
            _ => value.ToString(),
        };
    }
}
