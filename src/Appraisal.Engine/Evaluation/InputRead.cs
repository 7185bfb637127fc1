using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

public sealed record InputRead(string Name, Value Value, Policy.Semantics.PolicyType Type);
