using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;

namespace Appraisal.Engine.Compilation;

/// <summary>
/// Evaluates a plan with the tree evaluator at once, and with compiled code as soon as it is ready. Compilation
/// starts on a background task when the evaluator is made, never on a request; when it completes, the compiled
/// form is published with one atomic write and every later evaluation uses it. Explanations and group evaluation
/// always use the tree (see <see cref="CompiledPolicy"/>). If compilation fails (an internal error), evaluations
/// stay on the tree and <see cref="CompilationError"/> tells why. With a <see cref="CompileCache"/> a version compiled
/// before (by this or an earlier process) is loaded from disk instead, in milliseconds.
/// </summary>
public sealed class TieredEvaluator : IDisposable
{
    private CompiledPolicy? _compiled;
    private volatile bool _disposed;

    private readonly CompileCache? _cache;

    /// <param name="cache">Where compiled assemblies are kept across processes (null: Roslyn compiles every time).</param>
    public TieredEvaluator(PolicyPlan plan, CompileCache? cache = null)
    {
        Plan = plan;
        _cache = cache;
        if (System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
        {
            Compilation = Task.Run(CompileInBackground);
        }
        else
        {
            // A Native AOT process (the installed policy tool) cannot load generated code: the tree serves, as it
            // gives the same outcomes.
            CompilationError = new PlatformNotSupportedException("this process cannot load compiled code (Native AOT): the tree evaluator serves");
            Compilation = Task.CompletedTask;
        }
    }

    public PolicyPlan Plan { get; }

    /// <summary>Completes when compilation has finished (successfully or not); never faults.</summary>
    public Task Compilation { get; }

    /// <summary>Whether evaluations without an explanation now run compiled code.</summary>
    public bool IsCompiled => Volatile.Read(ref _compiled) is { IsCompiled: true };

    /// <summary>The compiled form, once ready (it may report a <see cref="CompiledPolicy.FallbackReason"/>).</summary>
    public CompiledPolicy? Compiled => Volatile.Read(ref _compiled);

    /// <summary>The internal error that stopped compilation, if any.</summary>
    public Exception? CompilationError { get; private set; }

    /// <summary>Waits until compilation has finished; true when compiled code now serves evaluations.</summary>
    public async Task<bool> WhenCompiledAsync(CancellationToken cancel = default)
    {
        await Compilation.WaitAsync(cancel).ConfigureAwait(false);
        return IsCompiled;
    }

    public Outcome Evaluate(Value[] facts, EvaluationOptions? options = null)
    {
        var compiled = Volatile.Read(ref _compiled);
        return compiled is not null ? compiled.Evaluate(facts, options) : Evaluator.Evaluate(Plan, facts, options);
    }

    public IReadOnlyList<Outcome> EvaluateGroup(IReadOnlyList<Value[]> members, EvaluationOptions? options = null) =>
        Evaluator.EvaluateGroup(Plan, members, options);

    public void Dispose()
    {
        _disposed = true;
        Interlocked.Exchange(ref _compiled, null)?.Dispose();
    }

    private void CompileInBackground()
    {
        try
        {
            var compiled = CompiledPolicy.Compile(Plan, _cache);
            if (_disposed)
            {
                compiled.Dispose();
                return;
            }
            Volatile.Write(ref _compiled, compiled);
            if (_disposed) Interlocked.Exchange(ref _compiled, null)?.Dispose();
        }
        catch (Exception error)
        {
            CompilationError = error;
        }
    }
}
