using System.Diagnostics.Metrics;
using Grpc.Core;

namespace LiveGrpc.Server.Observability;

/// <summary>
/// Records every call's duration and status code on the "LiveGrpc.Grpc" meter, with
/// OpenTelemetry's RPC semantic-convention names, so /metrics counts calls by method and status
/// (rpc_server_duration_milliseconds_count{rpc_method, rpc_grpc_status_code}).
/// </summary>
public sealed class MetricsInterceptor : CallObservingInterceptor, IDisposable
{
    public const string MeterName = "LiveGrpc.Grpc";

    /// <summary>The status codes 0-16 boxed once, so recording a call allocates nothing for its tag.</summary>
    private static readonly object[] StatusCodes = Enumerable.Range(0, 17).Select(code => (object)code).ToArray();

    private readonly Meter _meter;
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _active;

    public MetricsInterceptor(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _duration = _meter.CreateHistogram<double>("rpc.server.duration", "ms", "Duration of gRPC calls handled by this server.");
        _active = _meter.CreateUpDownCounter<long>("rpc.server.active_calls", "{call}", "gRPC calls in progress.");
    }

    public void Dispose() => _meter.Dispose();

    protected override void OnCallStarted(ServerCallContext context) => _active.Add(1);

    protected override void OnCallEnded(ServerCallContext context, StatusCode status, TimeSpan elapsed)
    {
        _active.Add(-1);
        _duration.Record(
            elapsed.TotalMilliseconds,
            new KeyValuePair<string, object?>("rpc.method", context.Method),
            new KeyValuePair<string, object?>("rpc.grpc.status_code", (int)status is >= 0 and < 17 ? StatusCodes[(int)status] : (int)status));
    }
}
