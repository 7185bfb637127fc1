namespace Appraisal.Engine.Evaluation;

/// <summary>The built-in functions; <see cref="Given"/> is <c>given(x)</c>, true when an optional input or field was given.</summary>
public enum BuiltIn { Round, Min, Max, Abs, Floor, Ceil, Given }
