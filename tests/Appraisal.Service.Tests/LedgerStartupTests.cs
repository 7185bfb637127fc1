namespace Appraisal.Service.Tests;

/// <summary>A ledger that cannot be opened stops the service at start with the reason, before it listens.</summary>
public sealed class LedgerStartupTests
{
    [Theory]
    [InlineData("oracle", "", "Ledger:Provider = \"oracle\" is not known")]
    [InlineData("postgres", "", "Ledger:ConnectionString is required")]
    [InlineData("postgres", "Host=127.0.0.1;Port=1;Username=postgres;Timeout=2", "Cannot open the ledger")]
    public async Task An_unusable_ledger_stops_the_service_with_the_reason(string provider, string connectionString, string reason)
    {
        var settings = new Dictionary<string, string> { ["Ledger:Provider"] = provider, ["Ledger:ConnectionString"] = connectionString };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(settings));
        Assert.Contains("exited with 1", error.Message);
        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain("   at ", error.Message); // a reason, not a stack trace
    }

    [Fact]
    public async Task An_existing_ledger_that_cannot_be_written_stops_the_service_with_the_reason()
    {
        var data = Path.Combine(Path.GetTempPath(), "ledger-startup-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var ledger = await Ledger.SqliteLedger.OpenAsync(Path.Combine(data, Ledger.LedgerFactory.SqliteFileName))) { }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            using var unwritable = new UnwritableFile(Path.Combine(data, Ledger.LedgerFactory.SqliteFileName));
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(new Dictionary<string, string> { ["Ledger:DataDirectory"] = data }));
            Assert.Contains("exited with 1", error.Message);
            Assert.Contains("cannot be written", error.Message);
            Assert.DoesNotContain("   at ", error.Message);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
