namespace Appraisal.Engine.Testing;

/// <summary>One thing a policy's tests should reach: a table row, a scorecard entry, a gate outcome, a level…</summary>
public sealed record CoverageItem(string Kind, string Rule, string Item, int Line, bool Reached);
