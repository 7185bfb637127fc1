namespace Appraisal.Engine.Evaluation;

public enum EscalationAction { Start, Step, Capped, Reset, Hold }
