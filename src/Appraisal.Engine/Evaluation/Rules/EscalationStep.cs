using Appraisal.Engine.Values;

namespace Appraisal.Engine.Evaluation;

public sealed record EscalationStep(PeriodValue Period, EscalationAction Action, decimal Value);
