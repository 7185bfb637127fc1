using Appraisal.Engine.Compilation;
using Appraisal.Service.V1;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Appraisal.Service.Tests;

/// <summary>
/// The service keeps compiled policies in <c>compile-cache</c> beside its ledger (<c>Engine:CompileCache</c> to move it,
/// <c>Engine:CompileCacheEnabled</c> to turn it off): a restarted service loads a version's compiled tier from there.
/// </summary>
public sealed class CompileCacheTests : IDisposable
{
    private readonly ServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private WebApplicationFactory<Program> With(params (string Key, string Value)[] settings) => _factory.WithWebHostBuilder(builder =>
    {
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    });

    /// <summary>Evaluates the after-sales policy once (which starts its compiled tier) and waits for that tier.</summary>
    private static async Task<CacheResult> CompiledTierOf(WebApplicationFactory<Program> host)
    {
        var reply = await new V1.Appraisal.AppraisalClient(ServiceFactory.ChannelTo(host))
            .EvaluateAsync(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 });
        Assert.Equal("91", reply.Outputs.Single(o => o.Name == "得分").Value);
        var evaluator = host.Services.GetRequiredService<IPolicyCatalog>().Find(TestPolicies.AfterSales)!.Current!.Evaluator;
        Assert.True(await evaluator.WhenCompiledAsync(), evaluator.CompilationError?.ToString());
        return evaluator.Compiled!.Cache;
    }

    [Fact]
    public async Task A_restarted_service_loads_the_compiled_tier_from_the_cache_beside_its_ledger()
    {
        await using (var first = With())
        {
            Assert.Equal(new CacheResult(CacheOutcome.Miss), await CompiledTierOf(first));
        }
        var directory = Path.Combine(_factory.DataDirectory, "compile-cache");
        Assert.Single(Directory.GetFiles(directory, "*" + CompileCache.Extension));

        await using var restarted = With();
        Assert.Equal(new CacheResult(CacheOutcome.Hit), await CompiledTierOf(restarted));
        Assert.Equal(directory, restarted.Services.GetRequiredService<CompiledTiers>().Cache!.Directory);
    }

    [Fact]
    public async Task The_cache_goes_where_Engine_CompileCache_says_and_nowhere_when_it_is_off()
    {
        var elsewhere = _factory.DataDirectory + "-compiled";
        try
        {
            await using (var moved = With(("Engine:CompileCache", elsewhere)))
                Assert.Equal(CacheOutcome.Miss, (await CompiledTierOf(moved)).Outcome);
            Assert.Single(Directory.GetFiles(elsewhere, "*" + CompileCache.Extension));

            await using var off = With(("Engine:CompileCacheEnabled", "false"));
            Assert.Equal(new CacheResult(CacheOutcome.None), await CompiledTierOf(off));
            Assert.Null(off.Services.GetRequiredService<CompiledTiers>().Cache);
            Assert.False(Directory.Exists(Path.Combine(_factory.DataDirectory, "compile-cache")));
        }
        finally
        {
            if (Directory.Exists(elsewhere)) Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Theory]
    [InlineData("Engine:CompileCacheMaxEntries", "0", "Engine:CompileCacheMaxEntries = \"0\" is not a count from 1 to 1000000")]
    [InlineData("Engine:CompileCacheMaxMegabytes", "lots", "Engine:CompileCacheMaxMegabytes = \"lots\" is not a number of megabytes from 1 to 1000000")]
    [InlineData("Engine:CompileCacheEnabled", "yes", "Engine:CompileCacheEnabled = \"yes\" is not true or false")]
    public void A_bad_cache_setting_is_refused_at_start_naming_it(string key, string value, string problem)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [key] = value, ["Policies:Directory"] = _factory.Policies.Directory }).Build();
        Assert.Contains(problem, StartupChecks.Problems(configuration, _factory.Policies.Directory));
    }
}
