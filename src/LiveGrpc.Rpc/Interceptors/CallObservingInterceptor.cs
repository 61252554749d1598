using System.Diagnostics;

namespace LiveGrpc.Rpc.Interceptors;

/// <summary>
/// Base for interceptors that watch calls without changing them (logging, metrics): one
/// start and one end notification per call, whatever its type.
/// </summary>
public abstract class CallObservingInterceptor : Interceptor
{
    protected virtual void OnCallStarted(ServerCallContext context) { }

    /// <param name="status">The code the call ends with.</param>
    protected abstract void OnCallEnded(ServerCallContext context, StatusCode status, TimeSpan elapsed);

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        => Observe(context, () => continuation(request, context));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
        => Observe(context, () => continuation(requestStream, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        => Observe(context, async () => { await continuation(request, responseStream, context).ConfigureAwait(false); return true; });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        => Observe(context, async () => { await continuation(requestStream, responseStream, context).ConfigureAwait(false); return true; });

    private async Task<T> Observe<T>(ServerCallContext context, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        OnCallStarted(context);
        Exception? error = null;
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            OnCallEnded(context, CallOutcome.Of(context, error), Stopwatch.GetElapsedTime(started));
        }
    }
}
