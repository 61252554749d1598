using System.Runtime.CompilerServices;

namespace LiveGrpc.Rpc.Client;

/// <summary>A call with one request and one response; await it for the response. Mirrors Grpc.Core.</summary>
public sealed class AsyncUnaryCall<TResponse> : IDisposable
{
    private readonly Func<Status> _getStatus;
    private readonly Func<Metadata> _getTrailers;
    private readonly Action _dispose;

    public AsyncUnaryCall(Task<TResponse> responseAsync, Task<Metadata> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
    {
        ResponseAsync = responseAsync;
        ResponseHeadersAsync = responseHeadersAsync;
        _getStatus = getStatusFunc;
        _getTrailers = getTrailersFunc;
        _dispose = disposeAction;
    }

    /// <summary>The response; faults with <see cref="RpcException"/> when the call ends with a status other than OK.</summary>
    public Task<TResponse> ResponseAsync { get; }

    /// <summary>The response headers (for a trailers-only response, the headers that carried the status).</summary>
    public Task<Metadata> ResponseHeadersAsync { get; }

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    public ConfiguredTaskAwaitable<TResponse> ConfigureAwait(bool continueOnCapturedContext) => ResponseAsync.ConfigureAwait(continueOnCapturedContext);

    /// <summary>The final status; throws <see cref="InvalidOperationException"/> while the call is in progress.</summary>
    public Status GetStatus() => _getStatus();

    /// <summary>The trailers; throws <see cref="InvalidOperationException"/> while the call is in progress.</summary>
    public Metadata GetTrailers() => _getTrailers();

    /// <summary>Cancels the call if it is still in progress and releases its HTTP resources.</summary>
    public void Dispose() => _dispose();
}
