using Appraisal.Engine.Values;

namespace Appraisal.Engine.Hosting;

/// <summary>One member of a group: its id (the subject it appraises) and its facts, validated.</summary>
public sealed record GroupMember(string Id, Value[] Facts);
