namespace Appraisal.Policy.Semantics;

/// <summary>How a value is rounded to its stated precision. The default is half-up (四舍五入).</summary>
public enum RoundingMode { HalfUp, HalfEven, Up, Down }
