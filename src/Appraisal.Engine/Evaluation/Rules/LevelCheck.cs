using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

public sealed record LevelCheck(string Level, int Index, bool OwnRequirementsHold, IReadOnlyList<CheckedCondition> Requirements);
