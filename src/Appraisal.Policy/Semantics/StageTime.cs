using System.Collections.Immutable;
using System.Diagnostics;

namespace Appraisal.Policy.Semantics;

/// <summary>How long one stage of the pipeline took (parse, includes, each pass of the checker, the planner…).</summary>
public readonly record struct StageTime(string Stage, TimeSpan Elapsed);
