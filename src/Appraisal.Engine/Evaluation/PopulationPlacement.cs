using Appraisal.Engine.Values;

namespace Appraisal.Engine.Evaluation;

/// <summary>
/// Where one member stood in a rule over its group, for its explanation: its place in the group's order (1 is the
/// best), the group's size, its key, the places of the members tied with it (the same as its own place when none),
/// for a forced distribution the places each grade had, and for a selection the best key among those eligible and
/// whether this member was eligible.
/// </summary>
public sealed record PopulationPlacement(int Place, int GroupSize, Value Key, int TiedFirst, int TiedLast,
    IReadOnlyList<int>? Quotas = null, Value? Best = null, bool Eligible = true);
