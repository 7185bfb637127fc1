using Appraisal.Engine.Compilation;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Testing;

namespace Appraisal.Engine.Tests.Compilation;

/// <summary>
/// The compiled tier's disk cache: a plan compiled once is loaded from the cache afterwards (Roslyn does not run) and
/// evaluates exactly as the tree does; an entry that is damaged, foreign or stale is ignored, rebuilt, and a hit the
/// next time; concurrent writers leave one whole entry.
/// </summary>
public sealed class CompileCacheTests : IDisposable
{
    private const string AfterSales = "after-sales/售后客服考核.policy";
    private const string Complaints = "complaints/投诉处理分值.policy";
    private const string Household = "household/家政服务员等级.policy";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "compile-cache-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    public static TheoryData<string> Policies()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories).Order())
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.Policies, file));
        }
        return data;
    }

    private static PolicyPlan Plan(string policy) => DifferentialTests.Load(policy);

    /// <summary>Compiles on this thread, and says how many times Roslyn ran for it.</summary>
    private static (CompiledPolicy Compiled, int RoslynRuns) Compile(PolicyPlan plan, CompileCache cache)
    {
        var before = RoslynEmitter.CompilationsOnThisThread;
        var compiled = CompiledPolicy.Compile(plan, cache);
        Assert.True(compiled.IsCompiled, compiled.FallbackReason);
        return (compiled, RoslynEmitter.CompilationsOnThisThread - before);
    }

    private string EntryFile() => Assert.Single(Directory.GetFiles(_directory, "*" + CompileCache.Extension));

    [Theory]
    [MemberData(nameof(Policies))]
    public void A_second_compile_of_the_same_plan_is_a_hit_without_Roslyn_and_agrees_with_the_tree(string policy)
    {
        var plan = Plan(policy);
        var (first, firstRuns) = Compile(plan, new CompileCache(_directory));
        using (first)
        {
            Assert.Equal(new CacheResult(CacheOutcome.Miss), first.Cache);
            Assert.Equal(1, firstRuns);
        }

        // Another cache object on the same directory, as a restarted process has; and a plan planned again.
        var replanned = Plan(policy);
        var cache = new CompileCache(_directory);
        var (second, secondRuns) = Compile(replanned, cache);
        using var _ = second;
        Assert.Equal(new CacheResult(CacheOutcome.Hit), second.Cache);
        Assert.Equal(0, secondRuns);
        Assert.Equal((1L, 0L, 0L), (cache.Hits, cache.Misses, cache.Rebuilds));

        var random = new RandomFacts(replanned, seed: 20261203);
        for (var i = 0; i < 2_000; i++)
        {
            var (facts, options) = (random.Facts(), random.Options());
            var difference = DifferentialTests.Difference(DifferentialTests.Run(() => Evaluator.Evaluate(replanned, facts, options)),
                DifferentialTests.Run(() => second.Evaluate(facts, options)));
            Assert.True(difference is null, $"case {i}: {difference}");
        }
        var results = PolicyTestRunner.Run(replanned, evaluate: (facts, options) => second.Evaluate(facts, options));
        Assert.All(results, r => Assert.True(r.Passed, r.Title));
    }

    public static TheoryData<string, CacheFault> Damages() => new()
    {
        { "an empty file (the writer stopped before writing)", CacheFault.Truncated },
        { "cut inside the header", CacheFault.Truncated },
        { "cut inside the assembly", CacheFault.Truncated },
        { "random bytes of the same length", CacheFault.NotAnEntry },
        { "bytes appended after the assembly", CacheFault.NotAnEntry },
        { "the right header with one byte of the assembly changed", CacheFault.ContentMismatch },
        { "the header of other code", CacheFault.OtherKey },
        { "a well-formed entry holding bytes that are not an assembly", CacheFault.BadImage },
        { "a well-formed entry holding the assembly of another policy", CacheFault.WrongAssembly },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_entry_is_ignored_and_rebuilt_and_the_rebuilt_entry_is_a_hit_next_time(string damage, CacheFault expected)
    {
        var plan = Plan(AfterSales);
        Compile(plan, new CompileCache(_directory)).Compiled.Dispose();
        var file = EntryFile();
        var key = Path.GetFileNameWithoutExtension(file);
        var entry = File.ReadAllBytes(file);
        var random = new Random(20261203);
        byte[] damaged;
        switch (damage)
        {
            case "an empty file (the writer stopped before writing)": damaged = []; break;
            case "cut inside the header": damaged = entry[..20]; break;
            case "cut inside the assembly": damaged = entry[..(entry.Length / 2)]; break;
            case "random bytes of the same length":
                damaged = new byte[entry.Length];
                random.NextBytes(damaged);
                break;
            case "bytes appended after the assembly": damaged = [.. entry, 0, 0, 0, 0]; break;
            case "the right header with one byte of the assembly changed":
                damaged = (byte[])entry.Clone();
                damaged[^100] ^= 0x5A;
                break;
            case "the header of other code":
                damaged = (byte[])entry.Clone();
                damaged[8] ^= 0xFF; // the first byte of the key
                break;
            case "a well-formed entry holding bytes that are not an assembly":
                var noise = new byte[4096];
                random.NextBytes(noise);
                damaged = CompileCache.Entry(key, noise);
                break;
            case "a well-formed entry holding the assembly of another policy":
                using (var other = new CompileCacheTests())
                {
                    Compile(Plan(Complaints), new CompileCache(other._directory)).Compiled.Dispose();
                    var otherEntry = File.ReadAllBytes(other.EntryFile());
                    damaged = CompileCache.Entry(key, otherEntry.AsSpan(76)); // its assembly under this key's header
                }
                break;
            default: throw new ArgumentOutOfRangeException(nameof(damage), damage, null);
        }
        File.WriteAllBytes(file, damaged);

        var cache = new CompileCache(_directory);
        var (rebuilt, runs) = Compile(Plan(AfterSales), cache);
        using (rebuilt)
        {
            Assert.Equal(new CacheResult(CacheOutcome.Rebuilt, expected), rebuilt.Cache);
            Assert.Equal(1, runs);
            Assert.Equal(1L, cache.Rebuilds);
            var results = PolicyTestRunner.Run(rebuilt.Plan, evaluate: (facts, options) => rebuilt.Evaluate(facts, options));
            Assert.All(results, r => Assert.True(r.Passed, r.Title));
        }
        Assert.Equal(entry, File.ReadAllBytes(EntryFile()));

        var (next, nextRuns) = Compile(Plan(AfterSales), cache);
        using (next)
        {
            Assert.Equal(CacheOutcome.Hit, next.Cache.Outcome);
            Assert.Equal(0, nextRuns);
        }
    }

    [Fact]
    public void An_entry_of_another_engine_version_is_a_miss_and_stays_a_hit_for_its_own_engine()
    {
        var plan = Plan(AfterSales);
        var older = new CompileCache(_directory, CompileCache.DefaultMaxEntries, CompileCache.DefaultMaxBytes, "engine 1");
        var newer = new CompileCache(_directory, CompileCache.DefaultMaxEntries, CompileCache.DefaultMaxBytes, "engine 2");
        using (var compiled = Compile(plan, older).Compiled) Assert.Equal(CacheOutcome.Miss, compiled.Cache.Outcome);

        var (fromNewer, runs) = Compile(plan, newer);
        using (fromNewer)
        {
            Assert.Equal(new CacheResult(CacheOutcome.Miss), fromNewer.Cache);
            Assert.Equal(1, runs);
        }
        Assert.Equal(2, Directory.GetFiles(_directory, "*" + CompileCache.Extension).Length);
        Assert.NotEqual(older.KeyOf(fromNewer.Source!), newer.KeyOf(fromNewer.Source!));
        using (var again = Compile(plan, older).Compiled) Assert.Equal(CacheOutcome.Hit, again.Cache.Outcome);
    }

    [Fact]
    public void Different_generated_code_is_a_different_key()
    {
        var cache = new CompileCache(_directory);
        using var afterSales = Compile(Plan(AfterSales), cache).Compiled;
        using var complaints = Compile(Plan(Complaints), cache).Compiled;
        Assert.Equal((CacheOutcome.Miss, CacheOutcome.Miss), (afterSales.Cache.Outcome, complaints.Cache.Outcome));
        Assert.NotEqual(cache.KeyOf(afterSales.Source!), cache.KeyOf(complaints.Source!));
        Assert.Equal(cache.KeyOf(afterSales.Source!), cache.KeyOf(CodeGenerator.Generate(Plan(AfterSales)).Source));
    }

    [Fact]
    public async Task Concurrent_compiles_of_the_same_plan_into_one_directory_leave_one_whole_entry()
    {
        var plan = Plan(AfterSales);
        const int writers = 8;
        using var start = new Barrier(writers);
        var compiles = Enumerable.Range(0, writers).Select(_ => Task.Factory.StartNew(() =>
        {
            var cache = new CompileCache(_directory);
            start.SignalAndWait();
            return CompiledPolicy.Compile(plan, cache);
        }, TaskCreationOptions.LongRunning)).ToList();
        var compiled = await Task.WhenAll(compiles);
        try
        {
            foreach (var one in compiled)
            {
                Assert.True(one.IsCompiled);
                Assert.Contains(one.Cache.Outcome, new[] { CacheOutcome.Miss, CacheOutcome.Hit });
                Assert.Equal(CacheFault.None, one.Cache.Fault);
                Assert.Null(one.Cache.StoreError);
            }
        }
        finally
        {
            foreach (var one in compiled) one.Dispose();
        }
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
        var file = EntryFile();
        Assert.NotNull(CompileCache.Parse(File.ReadAllBytes(file), Path.GetFileNameWithoutExtension(file), out var fault));
        Assert.Equal(CacheFault.None, fault);
        using var next = Compile(plan, new CompileCache(_directory)).Compiled;
        Assert.Equal(CacheOutcome.Hit, next.Cache.Outcome);
    }

    [Fact]
    public void The_directory_keeps_at_most_its_bound_of_entries_the_least_recently_used_go_first()
    {
        var cache = new CompileCache(_directory, maxEntries: 2);
        var (afterSales, complaints, household) = (Plan(AfterSales), Plan(Complaints), Plan(Household));
        Compile(afterSales, cache).Compiled.Dispose();
        Compile(complaints, cache).Compiled.Dispose();
        File.SetLastWriteTimeUtc(cache.PathOf(cache.KeyOf(CodeGenerator.Generate(afterSales).Source)), DateTime.UtcNow.AddMinutes(-5));
        File.SetLastWriteTimeUtc(cache.PathOf(cache.KeyOf(CodeGenerator.Generate(complaints).Source)), DateTime.UtcNow.AddMinutes(-10));
        using (var hit = Compile(afterSales, cache).Compiled) Assert.Equal(CacheOutcome.Hit, hit.Cache.Outcome); // used: now the newest
        Compile(household, cache).Compiled.Dispose();

        Assert.Equal(2, Directory.GetFiles(_directory, "*" + CompileCache.Extension).Length);
        using (var kept = Compile(afterSales, cache).Compiled) Assert.Equal(CacheOutcome.Hit, kept.Cache.Outcome);
        using (var evicted = Compile(complaints, cache).Compiled) Assert.Equal(CacheOutcome.Miss, evicted.Cache.Outcome);
    }

    [Fact]
    public void An_unwritable_directory_is_reported_and_the_compiled_code_serves_all_the_same()
    {
        File.WriteAllText(_directory, "a file where the directory should be");
        try
        {
            var cache = new CompileCache(_directory);
            using var compiled = Compile(Plan(AfterSales), cache).Compiled;
            Assert.Equal(CacheOutcome.Miss, compiled.Cache.Outcome);
            Assert.StartsWith("the compiled policy was not cached: ", compiled.Cache.StoreError);
            Assert.Equal(1L, cache.StoreFailures);
            Assert.True(compiled.IsCompiled);
        }
        finally
        {
            File.Delete(_directory);
        }
    }

    [Fact]
    public async Task The_tiered_evaluator_takes_its_compiled_tier_from_the_cache()
    {
        var plan = Plan(AfterSales);
        using (var first = new TieredEvaluator(plan, new CompileCache(_directory)))
        {
            Assert.True(await first.WhenCompiledAsync());
            Assert.Equal(CacheOutcome.Miss, first.Compiled!.Cache.Outcome);
        }
        using var second = new TieredEvaluator(Plan(AfterSales), new CompileCache(_directory));
        Assert.True(await second.WhenCompiledAsync());
        Assert.Equal(CacheOutcome.Hit, second.Compiled!.Cache.Outcome);
    }
}
