using System.Runtime.CompilerServices;

namespace Appraisal.Engine.Evaluation;

/// <summary>What a rule records about how it reached its value, for explanations.</summary>
public abstract record RuleDetail;
