using Appraisal.Service.V1;

namespace Appraisal.Service.Tests;

/// <summary>The built service reads the settings shipped beside it, wherever it is started from.</summary>
public sealed class AppSettingsFilesTests
{
    [Fact]
    public async Task Started_from_another_directory_the_service_keeps_its_shipped_log_levels()
    {
        var elsewhere = Directory.CreateTempSubdirectory("appraisal-elsewhere-");
        try
        {
            Assert.False(File.Exists(Path.Combine(elsewhere.FullName, "appsettings.json")));
            var settings = new Dictionary<string, string> { ["Ledger:DataDirectory"] = Path.Combine(elsewhere.FullName, "data") };
            await using var service = await ServiceProcess.StartAsync(settings, workingDirectory: elsewhere.FullName);
            var reply = await service.Client.EvaluateAsync(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 });
            Assert.Equal("91", reply.Outputs.Single(o => o.Name == "得分").Value);
            await Task.Delay(500); // the console logger writes on its own thread

            var output = service.Output;
            Assert.Contains("info: Appraisal.", output, StringComparison.Ordinal); // Default: Information
            // appsettings.json holds Microsoft.AspNetCore at Warning; without it every call logs "Executing endpoint …".
            Assert.DoesNotContain("info: Microsoft.AspNetCore", output, StringComparison.Ordinal);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }
}
