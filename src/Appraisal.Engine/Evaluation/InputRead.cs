using Appraisal.Engine.Values;

namespace Appraisal.Engine.Evaluation;

public sealed record InputRead(string Name, Value Value, Policy.Semantics.PolicyType Type);
