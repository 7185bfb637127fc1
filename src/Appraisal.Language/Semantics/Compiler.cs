using System.Collections.Immutable;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Semantics;

/// <summary>A policy file after every check: its AST, what its names and expressions mean, and its diagnostics.</summary>
public sealed record CheckedPolicy(PolicyFile File, SemanticModel Model, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// The front end's one entry point: parse, then every check, in order. Each pass lives in its own file
/// and only reads what earlier passes produced.
/// </summary>
public static class Compiler
{
    public static CheckedPolicy Check(SourceText source)
    {
        var parsed = Parser.Parse(source);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(parsed.Diagnostics);
        var model = new SemanticModel(parsed.File, ImmutableArray<PolicyFile>.Empty);
        NameResolution.Run(model, diagnostics);
        TypeCheck.Run(model, diagnostics);
        CycleCheck.Run(model, diagnostics);
        ParameterCheck.Run(model, diagnostics);
        TableCheck.Run(model, diagnostics);
        ScorecardCheck.Run(model, diagnostics);
        UnusedCheck.Run(model, diagnostics);
        return new CheckedPolicy(parsed.File, model, diagnostics.ToImmutable());
    }
}
