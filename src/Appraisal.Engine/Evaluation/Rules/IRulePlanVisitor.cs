namespace Appraisal.Engine.Evaluation;

/// <summary>
/// One method per kind of rule plan. Whatever turns rules into something else by kind (the C# generator) implements it,
/// so a new kind of rule is a build error there until it is handled, never a fall-back at run time.
/// </summary>
public interface IRulePlanVisitor<out T>
{
    T Visit(DefinitionRule rule);
    T Visit(ScorecardRule rule);
    T Visit(GateRule rule);
    T Visit(VetoRule rule);
    T Visit(LevelsRule rule);
    T Visit(EscalationRule rule);
    T Visit(PopulationRule rule);
    T Visit(OutputRule rule);
}
