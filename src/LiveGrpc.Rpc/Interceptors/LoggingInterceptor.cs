using Microsoft.Extensions.Logging;

namespace LiveGrpc.Rpc.Interceptors;

/// <summary>
/// One log line per call: method, peer, status code and duration. Never logs metadata or
/// messages, which may carry secrets and tokens.
/// </summary>
public sealed partial class LoggingInterceptor(ILogger<LoggingInterceptor> logger) : CallObservingInterceptor
{
    protected override void OnCallEnded(ServerCallContext context, StatusCode status, TimeSpan elapsed)
    {
        if (status is StatusCode.Unknown or StatusCode.Internal or StatusCode.DataLoss)
        {
            LogFailed(context.Method, context.Peer, status, elapsed.TotalMilliseconds);
        }
        else
        {
            LogCompleted(context.Method, context.Peer, status, elapsed.TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "gRPC {Method} from {Peer} ended {StatusCode} in {ElapsedMs:0.0} ms")]
    private partial void LogCompleted(string method, string peer, StatusCode statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "gRPC {Method} from {Peer} failed {StatusCode} in {ElapsedMs:0.0} ms")]
    private partial void LogFailed(string method, string peer, StatusCode statusCode, double elapsedMs);
}
