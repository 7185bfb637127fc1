namespace Appraisal.Ledger.Tests;

public sealed class LedgerFactoryTests : IDisposable
{
    private readonly string _contentRoot = Path.Combine(Path.GetTempPath(), "ledger-factory-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_contentRoot)) Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public void Defaults_are_an_enabled_sqlite_ledger_in_data_that_keeps_everything()
    {
        var options = new LedgerOptions();

        Assert.True(options.Enabled);
        Assert.Equal("sqlite", options.Provider);
        Assert.Equal("data", options.DataDirectory);
        Assert.Equal(new RetentionPolicy(null, null), options.Retention);
        Assert.Equal(new RetentionPolicy(TimeSpan.FromDays(30), TimeSpan.FromDays(3650)),
            new LedgerOptions { FactsRetentionDays = 30, RecordsRetentionDays = 3650 }.Retention);
    }

    [Fact]
    public async Task Sqlite_data_directory_is_resolved_against_the_content_root()
    {
        await using var ledger = await LedgerFactory.OpenAsync(new LedgerOptions { DataDirectory = "state/ledger" }, _contentRoot);

        var expected = Path.Combine(_contentRoot, "state", "ledger", "ledger.db");
        Assert.Equal("sqlite:" + expected, ledger.Description);
        Assert.True(File.Exists(expected));
    }

    [Theory]
    [InlineData("postgres", null)]
    [InlineData("mysql", null)]
    public async Task Unknown_provider_or_postgres_without_a_connection_string_is_a_clear_error(string provider, string? connectionString)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            LedgerFactory.OpenAsync(new LedgerOptions { Provider = provider, ConnectionString = connectionString }, _contentRoot));

        Assert.Contains("Ledger:", error.Message);
    }

    [Fact]
    public async Task Postgres_description_never_includes_the_password()
    {
        // Description is computed before connecting; a server that is not there fails the open, not the description.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => LedgerFactory.OpenAsync(
            new LedgerOptions { Provider = "postgres", ConnectionString = "Host=127.0.0.1;Port=1;Username=u;Password=secret;Database=d;Timeout=2" }, _contentRoot));

        Assert.DoesNotContain("secret", error.Message);
    }
}
