namespace LiveGrpc.Rpc.Client;

/// <summary>A call with streams both ways, read and written independently. Mirrors Grpc.Core.</summary>
public sealed class AsyncDuplexStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly Func<Status> _getStatus;
    private readonly Func<Metadata> _getTrailers;
    private readonly Action _dispose;

    public AsyncDuplexStreamingCall(IClientStreamWriter<TRequest> requestStream, IAsyncStreamReader<TResponse> responseStream, Task<Metadata> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
    {
        RequestStream = requestStream;
        ResponseStream = responseStream;
        ResponseHeadersAsync = responseHeadersAsync;
        _getStatus = getStatusFunc;
        _getTrailers = getTrailersFunc;
        _dispose = disposeAction;
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync { get; }

    public Status GetStatus() => _getStatus();

    public Metadata GetTrailers() => _getTrailers();

    public void Dispose() => _dispose();
}
