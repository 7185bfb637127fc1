using System.Collections.Immutable;
using System.Diagnostics;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// The front end's one entry point: parse, load the included libraries, then every pass of <see cref="Passes"/>, in
/// order, each timed. Each pass lives in its own file.
/// </summary>
public static class Checker
{
    /// <summary>The checker's passes, in the order they run.</summary>
    public static ImmutableArray<CheckPass> Passes { get; } =
    [
        new(nameof(NameResolution), NameResolution.Run),
        new(nameof(TypeCheck), TypeCheck.Run),
        new(nameof(CycleCheck), CycleCheck.Run),
        new(nameof(DepthCheck), DepthCheck.Run),
        new(nameof(ParameterCheck), ParameterCheck.Run),
        new(nameof(TableCheck), TableCheck.Run),
        new(nameof(ScorecardCheck), ScorecardCheck.Run),
        new(nameof(RuleCheck), RuleCheck.Run),
        new(nameof(TestCheck), TestCheck.Run),
        new(nameof(UnusedCheck), UnusedCheck.Run),
    ];

    /// <summary>Checks one policy (or library) file; includes are read from disk beside it.</summary>
    public static CheckedPolicy Check(SourceText source) => Check(source, new IncludeReader());

    public static CheckedPolicy Check(SourceText source, IncludeReader includes)
    {
        var diagnostics = new DiagnosticBag();
        var stages = ImmutableArray.CreateBuilder<StageTime>(Passes.Length + 2);
        var clock = Stopwatch.StartNew();
        void Done(string stage)
        {
            stages.Add(new StageTime(stage, clock.Elapsed));
            clock.Restart();
        }

        var parsed = Parser.Parse(source);
        diagnostics.AddRange(parsed.Diagnostics);
        Done(nameof(Parser));
        var libraries = Includes.Load(parsed.File, includes, diagnostics);
        var model = new SemanticModel(parsed.File, libraries);
        Done(nameof(Includes));
        // Checks of a file that does not parse would mostly report the parser's gaps again: stop here.
        if (diagnostics.HasErrors) return new CheckedPolicy(parsed.File, model, diagnostics.ToImmutable(), stages.ToImmutable());

        foreach (var pass in Passes)
        {
            pass.Run(model, diagnostics);
            Done(pass.Name);
        }
        return new CheckedPolicy(parsed.File, model, diagnostics.ToImmutable(), stages.ToImmutable());
    }
}
