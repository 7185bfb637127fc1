using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Compilation;

/// <summary>
/// A policy plan compiled to .NET code: C# is generated from the evaluation tree, compiled with Roslyn (Release) or
/// read from a <see cref="CompileCache"/>, and loaded into its own collectible <see cref="AssemblyLoadContext"/>. <see cref="Evaluate"/> gives the same
/// outcomes and the same errors as <see cref="Evaluator.Evaluate"/>.
/// <para>
/// What the compiled code serves: the no-explanation evaluation of one member. Explanations
/// (<see cref="EvaluationOptions.Explain"/>) and group evaluation (<see cref="EvaluateGroup"/>) always use the tree
/// evaluator: they are rare, not on the hot path, and the tracer they need is built around the tree.
/// </para>
/// </summary>
public sealed class CompiledPolicy : IDisposable
{
    private delegate OutputValue[] RunFunction(Value[] facts, PeriodValue? period, IReadOnlyList<EarlierPeriod> history, long budget);

    private RunFunction? _run;
    private PolicyLoadContext? _context;

    private CompiledPolicy(PolicyPlan plan, string? source, RunFunction? run, PolicyLoadContext? context, string? fallbackReason, TimeSpan compileTime,
        CacheResult cache)
    {
        Cache = cache;
        Plan = plan;
        Source = source;
        _run = run;
        _context = context;
        FallbackReason = fallbackReason;
        CompileTime = compileTime;
    }

    public PolicyPlan Plan { get; }

    /// <summary>The collectible context the compiled code is loaded in (null once disposed), for tests of unloading.</summary>
    internal AssemblyLoadContext? LoadContext => _context;

    /// <summary>The generated C#, for inspection; null when the plan was not compiled.</summary>
    public string? Source { get; }

    /// <summary>
    /// Why every evaluation of this policy uses the tree evaluator (a kind of rule the generator does not know);
    /// null when the compiled code serves evaluations.
    /// </summary>
    public string? FallbackReason { get; }

    /// <summary>Generating, compiling (or reading from the cache) and loading took this long.</summary>
    public TimeSpan CompileTime { get; }

    /// <summary>
    /// Whether the assembly came from the <see cref="CompileCache"/> given to <see cref="Compile"/>, and if an entry
    /// was there but not used, why (<see cref="CacheOutcome.None"/> without a cache).
    /// </summary>
    public CacheResult Cache { get; }

    /// <summary>Whether no-explanation evaluations run compiled code (false after a fallback or <see cref="Dispose"/>).</summary>
    public bool IsCompiled => _run is not null;

    /// <summary>
    /// Compiles a plan. With a <paramref name="cache"/>, an assembly it holds for the same generated code and engine is
    /// loaded instead of running Roslyn; a missing or unusable entry is compiled and stored (see <see cref="Cache"/>).
    /// Throws only on an internal error (generated code that does not compile or load).
    /// </summary>
    public static CompiledPolicy Compile(PolicyPlan plan, CompileCache? cache = null)
    {
        var clock = Stopwatch.StartNew();
        GeneratedProgram program;
        try
        {
            program = CodeGenerator.Generate(plan);
        }
        catch (NotSupportedException unsupported)
        {
            return new CompiledPolicy(plan, null, null, null, "not compiled: " + unsupported.Message, clock.Elapsed, default);
        }
        var key = cache?.KeyOf(program.Source) ?? CompileCache.KeyForThisEngine(program.Source);
        // Named by its key: the same code always compiles to the same bytes, and a cached image of other code is caught.
        var name = "Appraisal.Engine.Compiled.P" + key[..16];
        var result = default(CacheResult);
        if (cache is not null)
        {
            var fault = CacheFault.None;
            if (cache.Read(key, out fault) is { } cached)
            {
                if (TryLoadCached(cached, name, program, out fault) is { } loaded)
                {
                    cache.Count(CacheOutcome.Hit);
                    var hit = new CacheResult(CacheOutcome.Hit, StoreError: cache.Touch(key));
                    return new CompiledPolicy(plan, program.Source, loaded.Run, loaded.Context, null, clock.Elapsed, hit);
                }
            }
            result = new CacheResult(fault == CacheFault.None ? CacheOutcome.Miss : CacheOutcome.Rebuilt, fault);
        }
        var image = RoslynEmitter.Emit(program.Source, name);
        var (run, context) = Load(image, name, program);
        if (cache is not null)
        {
            cache.Count(result.Outcome);
            result = result with { StoreError = cache.Store(key, image) };
        }
        return new CompiledPolicy(plan, program.Source, run, context, null, clock.Elapsed, result);
    }

    /// <summary>Evaluates every output; the same outcome, or the same <see cref="EvaluationException"/>, as the tree evaluator.</summary>
    public Outcome Evaluate(Value[] facts, EvaluationOptions? options = null)
    {
        options ??= EvaluationOptions.Default;
        var run = _run;
        if (run is null || options.Explain) return Evaluator.Evaluate(Plan, facts, options);
        try
        {
            return new Outcome(Plan, run(facts, options.Period, options.History, options.Budget), null);
        }
        catch (OverflowException)
        {
            // The generated arithmetic is the bare decimal operators (inlined, no handler per operation). A result too
            // large for a decimal is rare: the tree evaluates the same facts again and gives the error at its place.
            return Evaluator.Evaluate(Plan, facts, options);
        }
    }

    /// <summary>Group evaluation (population rules) always uses the tree evaluator.</summary>
    public IReadOnlyList<Outcome> EvaluateGroup(IReadOnlyList<Value[]> members, EvaluationOptions? options = null) =>
        Evaluator.EvaluateGroup(Plan, members, options);

    /// <summary>
    /// Stops using the compiled code (later evaluations use the tree) and lets its assembly be unloaded once no
    /// evaluation is running it any more.
    /// </summary>
    public void Dispose()
    {
        _run = null;
        Interlocked.Exchange(ref _context, null)?.Unload();
    }

    // -----------------------------------------------------------------------------------------

    /// <summary>
    /// Loads an assembly image, checks it is the one this program compiles to, and hands its <c>Init</c> the
    /// program's objects. Throws what loading, binding or <c>Init</c> throws (the context is unloaded then).
    /// </summary>
    private static (RunFunction Run, PolicyLoadContext Context) Load(byte[] image, string name, GeneratedProgram program)
    {
        var context = new PolicyLoadContext();
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(image, writable: false));
            if (assembly.GetName().Name != name) throw new WrongAssemblyException($"the assembly is {assembly.GetName().Name}, not {name}");
            var entry = assembly.GetType("Appraisal.Engine.Compiled.P", throwOnError: false)
                ?? throw new WrongAssemblyException("the assembly has no entry type");
            var init = entry.GetMethod("Init", BindingFlags.Public | BindingFlags.Static, [typeof(object[]), typeof(TextSpan[])])
                ?? throw new WrongAssemblyException("the assembly has no Init");
            var run = entry.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)?.CreateDelegate<RunFunction>()
                ?? throw new WrongAssemblyException("the assembly has no Run");
            init.Invoke(null, [program.Constants, program.Spans]);
            return (run, context);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    /// <summary>Loads a cached image; null and why it could not be used when it cannot.</summary>
    private static (RunFunction Run, PolicyLoadContext Context)? TryLoadCached(byte[] image, string name, GeneratedProgram program, out CacheFault fault)
    {
        try
        {
            var loaded = Load(image, name, program);
            fault = CacheFault.None;
            return loaded;
        }
        catch (Exception e) when (Fault(e) is { } known)
        {
            fault = known;
            return null;
        }
    }

    /// <summary>What a failure to load a cached image says about it; null for failures that are not the entry's (out of memory).</summary>
    private static CacheFault? Fault(Exception e) => e switch
    {
        BadImageFormatException or FileLoadException => CacheFault.BadImage,
        WrongAssemblyException or TypeLoadException or MissingMemberException or ArgumentException or FileNotFoundException => CacheFault.WrongAssembly,
        TargetInvocationException or TargetParameterCountException => CacheFault.InitFailed,
        _ => null,
    };

    /// <summary>A loaded image is not the assembly this program compiles to.</summary>
    private sealed class WrongAssemblyException(string message) : Exception(message);

    /// <summary>
    /// A collectible context for one compiled policy. The engine and its dependencies are shared with the context
    /// the engine itself was loaded in, so the compiled code sees the very same <see cref="Value"/> type.
    /// </summary>
    private sealed class PolicyLoadContext() : AssemblyLoadContext("appraisal-policy", isCollectible: true)
    {
        private static readonly AssemblyLoadContext Engine = GetLoadContext(typeof(Value).Assembly) ?? Default;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            foreach (var assembly in Engine.Assemblies)
            {
                if (AssemblyName.ReferenceMatchesDefinition(assemblyName, assembly.GetName())) return assembly;
            }
            return null;
        }
    }
}
