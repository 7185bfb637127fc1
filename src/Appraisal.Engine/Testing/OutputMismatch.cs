using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Testing;

public sealed record OutputMismatch(string Output, PolicyType Type, Value Expected, Value Actual);
