using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace LiveGrpc.Server.Observability;

/// <summary>
/// Base for interceptors that watch calls without changing them (logging, metrics): one start and
/// one end notification per call, whatever its type, with the status the caller finally gets.
/// Registered outermost, so the exception mapping inside has already turned domain errors into statuses.
/// </summary>
public abstract class CallObservingInterceptor : Interceptor
{
    protected virtual void OnCallStarted(ServerCallContext context) { }

    protected abstract void OnCallEnded(ServerCallContext context, StatusCode status, TimeSpan elapsed);

    // Each handler awaits the continuation itself (no closure per call): these run on every call.
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Begin(context);
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            End(context, null, started);
            return response;
        }
        catch (Exception ex)
        {
            End(context, ex, started);
            throw;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Begin(context);
        try
        {
            var response = await continuation(requestStream, context).ConfigureAwait(false);
            End(context, null, started);
            return response;
        }
        catch (Exception ex)
        {
            End(context, ex, started);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Begin(context);
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            End(context, null, started);
        }
        catch (Exception ex)
        {
            End(context, ex, started);
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Begin(context);
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            End(context, null, started);
        }
        catch (Exception ex)
        {
            End(context, ex, started);
            throw;
        }
    }

    private long Begin(ServerCallContext context)
    {
        OnCallStarted(context);
        return Stopwatch.GetTimestamp();
    }

    private void End(ServerCallContext context, Exception? error, long started) =>
        OnCallEnded(context, Outcome(context, error), Stopwatch.GetElapsedTime(started));

    /// <summary>The status the call ends with, as Grpc.AspNetCore will report it.</summary>
    internal static StatusCode Outcome(ServerCallContext context, Exception? error)
    {
        // Grpc.AspNetCore records DEADLINE_EXCEEDED on the context before it cancels the call's
        // token, so a handler that then ends (quietly or with a cancellation) ended by its deadline.
        if (context.Status.StatusCode == StatusCode.DeadlineExceeded)
        {
            return StatusCode.DeadlineExceeded;
        }
        var aborted = context.CancellationToken.IsCancellationRequested;
        return error switch
        {
            RpcException rpc => rpc.StatusCode,
            // A write to a reset stream fails with an I/O error rather than a cancellation.
            OperationCanceledException or IOException or Microsoft.AspNetCore.Connections.ConnectionAbortedException when aborted => StatusCode.Cancelled,
            null when aborted && context.Status.StatusCode == StatusCode.OK => StatusCode.Cancelled,
            null => context.Status.StatusCode,
            _ => StatusCode.Unknown,
        };
    }
}
