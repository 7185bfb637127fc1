using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;

namespace Appraisal.Engine.Evaluation;

public readonly record struct OutputValue(string Name, PolicyType Type, Value Value);
