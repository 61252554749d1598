using LiveGrpc.Server.Observability;
using OpenTelemetry.Metrics;

namespace LiveGrpc.Server.Extensions;

public static class MetricsExtensions
{
    /// <summary>Meters exported at /metrics: gRPC calls by method and status, and ASP.NET Core's own.</summary>
    private static readonly string[] Meters =
    [
        MetricsInterceptor.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
    ];

    /// <summary>OpenTelemetry metrics with the Prometheus exporter.</summary>
    public static IHostApplicationBuilder AddLiveGrpcMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
        return builder;
    }

    /// <summary>Prometheus text format at /metrics.</summary>
    public static IEndpointRouteBuilder MapLiveGrpcMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint();
        return endpoints;
    }
}
