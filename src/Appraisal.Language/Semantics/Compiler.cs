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
/// The front end's one entry point: parse, then every check, in order. Each pass lives in its own file,
/// reports into the bag and only reads what earlier passes produced.
/// </summary>
public static class Compiler
{
    /// <summary>Checks one policy (or library) file; includes are read from disk beside it.</summary>
    public static CheckedPolicy Check(SourceText source) => Check(source, new IncludeReader());

    public static CheckedPolicy Check(SourceText source, IncludeReader includes)
    {
        var diagnostics = new DiagnosticBag();
        var parsed = Parser.Parse(source);
        diagnostics.AddRange(parsed.Diagnostics);
        var libraries = Includes.Load(parsed.File, includes, diagnostics);
        var model = new SemanticModel(parsed.File, libraries);
        // Checks of a file that does not parse would mostly report the parser's gaps again: stop here.
        if (diagnostics.HasErrors) return new CheckedPolicy(parsed.File, model, diagnostics.ToImmutable());

        NameResolution.Run(model, diagnostics);
        TypeCheck.Run(model, diagnostics);
        CycleCheck.Run(model, diagnostics);
        DepthCheck.Run(model, diagnostics);
        ParameterCheck.Run(model, diagnostics);
        TableCheck.Run(model, diagnostics);
        ScorecardCheck.Run(model, diagnostics);
        RuleCheck.Run(model, diagnostics);
        TestCheck.Run(model, diagnostics);
        UnusedCheck.Run(model, diagnostics);

        return new CheckedPolicy(parsed.File, model, diagnostics.ToImmutable());
    }
}
