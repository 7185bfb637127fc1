using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;

namespace Appraisal.Engine.Testing;

public sealed record OutputMismatch(string Output, PolicyType Type, Value Expected, Value Actual);
