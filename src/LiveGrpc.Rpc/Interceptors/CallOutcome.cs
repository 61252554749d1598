namespace LiveGrpc.Rpc.Interceptors;

/// <summary>The status a call ends with, as seen from inside the interceptor chain.</summary>
internal static class CallOutcome
{
    public static StatusCode Of(ServerCallContext context, Exception? error) => error switch
    {
        null => context.Status.StatusCode,
        RpcException rpc => rpc.StatusCode,
        OperationCanceledException when context.Deadline <= DateTime.UtcNow => StatusCode.DeadlineExceeded,
        OperationCanceledException when context.CancellationToken.IsCancellationRequested => StatusCode.Cancelled,
        _ => StatusCode.Unknown,
    };
}
