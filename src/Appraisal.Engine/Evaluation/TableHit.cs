using Appraisal.Engine.Values;

namespace Appraisal.Engine.Evaluation;

/// <summary>A table row a rule hit; <see cref="Serves"/> names the part of the rule it served (a scorecard item), if any.</summary>
public sealed record TableHit(TablePlan Table, Value[] Arguments, int Row, Value Result, string? Serves = null);
