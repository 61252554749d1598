namespace LiveGrpc.Rpc.Client;

/// <summary>A call with one request and a stream of responses. Mirrors Grpc.Core.</summary>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
{
    private readonly Func<Status> _getStatus;
    private readonly Func<Metadata> _getTrailers;
    private readonly Action _dispose;

    public AsyncServerStreamingCall(IAsyncStreamReader<TResponse> responseStream, Task<Metadata> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
    {
        ResponseStream = responseStream;
        ResponseHeadersAsync = responseHeadersAsync;
        _getStatus = getStatusFunc;
        _getTrailers = getTrailersFunc;
        _dispose = disposeAction;
    }

    /// <summary>The responses; MoveNext throws <see cref="RpcException"/> when the call ends with a status other than OK.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync { get; }

    public Status GetStatus() => _getStatus();

    public Metadata GetTrailers() => _getTrailers();

    public void Dispose() => _dispose();
}
