using System.Runtime.CompilerServices;

namespace LiveGrpc.Rpc.Client;

/// <summary>A call with a stream of requests and one response. Mirrors Grpc.Core.</summary>
public sealed class AsyncClientStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly Func<Status> _getStatus;
    private readonly Func<Metadata> _getTrailers;
    private readonly Action _dispose;

    public AsyncClientStreamingCall(IClientStreamWriter<TRequest> requestStream, Task<TResponse> responseAsync, Task<Metadata> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
    {
        RequestStream = requestStream;
        ResponseAsync = responseAsync;
        ResponseHeadersAsync = responseHeadersAsync;
        _getStatus = getStatusFunc;
        _getTrailers = getTrailersFunc;
        _dispose = disposeAction;
    }

    /// <summary>Write the requests, then call CompleteAsync.</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; }

    public Task<TResponse> ResponseAsync { get; }

    public Task<Metadata> ResponseHeadersAsync { get; }

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    public ConfiguredTaskAwaitable<TResponse> ConfigureAwait(bool continueOnCapturedContext) => ResponseAsync.ConfigureAwait(continueOnCapturedContext);

    public Status GetStatus() => _getStatus();

    public Metadata GetTrailers() => _getTrailers();

    public void Dispose() => _dispose();
}
