using Grpc.Core;

namespace LiveGrpc.Server.Observability;

/// <summary>
/// One log line per call: method, peer, status code and duration. Successful calls log at
/// Debug (a busy server makes tens of thousands a second), caller errors at Information,
/// server-side failures at Warning. Never logs metadata or messages, which may carry secrets.
/// </summary>
public sealed partial class LoggingInterceptor(ILogger<LoggingInterceptor> logger) : CallObservingInterceptor
{
    protected override void OnCallEnded(ServerCallContext context, StatusCode status, TimeSpan elapsed)
    {
        if (status == StatusCode.OK && !logger.IsEnabled(LogLevel.Debug))
        {
            return; // the hot path: skip formatting the peer address
        }
        switch (status)
        {
            case StatusCode.OK:
                LogSucceeded(context.Method, context.Peer, elapsed.TotalMilliseconds);
                break;
            case StatusCode.Unknown or StatusCode.Internal or StatusCode.DataLoss or StatusCode.Unavailable:
                LogFailed(context.Method, context.Peer, status, elapsed.TotalMilliseconds);
                break;
            default:
                LogRejected(context.Method, context.Peer, status, elapsed.TotalMilliseconds);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "gRPC {Method} from {Peer} succeeded in {ElapsedMs:0.0} ms")]
    private partial void LogSucceeded(string method, string peer, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "gRPC {Method} from {Peer} ended {StatusCode} in {ElapsedMs:0.0} ms")]
    private partial void LogRejected(string method, string peer, StatusCode statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "gRPC {Method} from {Peer} failed {StatusCode} in {ElapsedMs:0.0} ms")]
    private partial void LogFailed(string method, string peer, StatusCode statusCode, double elapsedMs);
}
