using System.Collections.Immutable;

namespace Appraisal.Policy.Semantics;

/// <summary>How a dimensionless number is read: a plain number, a count of occurrences, or a percentage.</summary>
public enum NumberKind { Number, Count, Percent }
