using System.Net;
using System.Net.Sockets;
using Appraisal.Service.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;

namespace Appraisal.Service.Tests;

/// <summary>Graceful shutdown on a real Kestrel port: a call in flight when the host is asked to stop still completes.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task A_stream_in_flight_finishes_while_the_host_stops()
    {
        var port = FreePort();
        var factory = new ServiceFactory();
        using var host = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Service:Port", port.ToString());
            b.UseSetting("Service:RestPort", "0");
            b.UseSetting("Service:ShutdownTimeoutSeconds", "20");
        });
        host.UseKestrel();
        host.StartServer();

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = new V1.Appraisal.AppraisalClient(channel);
        var request = new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 };
        using var call = client.EvaluateStream();
        await call.RequestStream.WriteAsync(new EvaluateStreamRequest { RequestId = "before", Request = request });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal("before", call.ResponseStream.Current.RequestId);

        // Stop the host while the stream is open; the stream keeps being served until it ends.
        var stopping = Task.Run(async () => await host.DisposeAsync());
        await Task.Delay(300);
        Assert.False(stopping.IsCompleted, "the host stopped without waiting for the call in flight");
        await call.RequestStream.WriteAsync(new EvaluateStreamRequest { RequestId = "during", Request = request });
        await call.RequestStream.CompleteAsync();
        var answers = new List<EvaluateStreamReply>();
        await foreach (var answer in call.ResponseStream.ReadAllAsync()) answers.Add(answer);

        var during = Assert.Single(answers);
        Assert.Equal("during", during.RequestId);
        Assert.Equal("700.00", during.Reply.Outputs.Single(o => o.Name == "KPI奖金").Value);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));
        factory.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
