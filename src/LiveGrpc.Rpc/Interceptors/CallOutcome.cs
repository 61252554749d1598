namespace LiveGrpc.Rpc.Interceptors;

/// <summary>The status a call ends with, as seen from inside the interceptor chain.</summary>
internal static class CallOutcome
{
    public static StatusCode Of(ServerCallContext context, Exception? error) => error switch
    {
        null => context.Status.StatusCode,
        RpcException rpc => rpc.StatusCode,
        // The call's token fires for a client abort or the deadline; without an abort it was the
        // deadline (its timer can fire a moment before the wall clock reaches Deadline).
        // A write to a reset stream fails with an I/O error rather than a cancellation.
        OperationCanceledException or IOException or Microsoft.AspNetCore.Connections.ConnectionAbortedException
            when context.CancellationToken.IsCancellationRequested =>
            context.GetHttpContext().RequestAborted.IsCancellationRequested ? StatusCode.Cancelled : StatusCode.DeadlineExceeded,
        _ => StatusCode.Unknown,
    };
}
