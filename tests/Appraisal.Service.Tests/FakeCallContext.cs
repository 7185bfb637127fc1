using Grpc.Core;

namespace Appraisal.Service.Tests;

/// <summary>A ServerCallContext for calling the service class directly.</summary>
internal sealed class FakeCallContext(CancellationToken cancellationToken = default, DateTime? deadline = null, string method = "test") : ServerCallContext
{
    private readonly Metadata _requestHeaders = [];
    private readonly Metadata _responseTrailers = [];
    private readonly AuthContext _authContext = new(null, new Dictionary<string, List<AuthProperty>>());

    protected override string MethodCore => method;
    protected override string HostCore => "localhost";
    protected override string PeerCore => "test";
    protected override DateTime DeadlineCore => deadline ?? DateTime.MaxValue;
    protected override Metadata RequestHeadersCore => _requestHeaders;
    protected override CancellationToken CancellationTokenCore => cancellationToken;
    protected override Metadata ResponseTrailersCore => _responseTrailers;
    protected override Status StatusCore { get; set; }
    protected override WriteOptions? WriteOptionsCore { get; set; }
    protected override AuthContext AuthContextCore => _authContext;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}

/// <summary>Feeds a fixed list of requests to a streaming method.</summary>
internal sealed class ListReader<T>(IEnumerable<T> items) : IAsyncStreamReader<T>
{
    private readonly IEnumerator<T> _items = items.GetEnumerator();

    public T Current => _items.Current;

    public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromResult(_items.MoveNext());
}

/// <summary>Collects what a streaming method writes.</summary>
internal sealed class ListWriter<T> : IServerStreamWriter<T>
{
    public List<T> Written { get; } = [];
    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(T message)
    {
        Written.Add(message);
        return Task.CompletedTask;
    }
}
