namespace Appraisal.Service.Tests;

/// <summary>The REST root page says where things are and gives a call to try.</summary>
public sealed class RootPageTests : IDisposable
{
    private readonly ServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_root_page_points_a_newcomer_at_the_health_routes_and_a_call_to_try()
    {
        using var http = _factory.CreateClient();
        var page = await http.GetStringAsync("/");
        Assert.Contains("/readyz", page);
        Assert.Contains("curl -s -X POST 'http://127.0.0.1:5081/v1/policies/after-sales/售后客服考核:evaluate'", page);
    }
}
