using System.Runtime.CompilerServices;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>What a rule records about how it reached its value, for explanations.</summary>
public abstract record RuleDetail;
