using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace LiveGrpc.Server.Observability;

/// <summary>
/// Serves /metrics in Prometheus text format for every meter named "LiveGrpc.*" plus ASP.NET
/// Core's and Kestrel's own meters.
/// </summary>
public static class MetricsEndpoint
{
    private static readonly string[] Meters = ["LiveGrpc.*", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections"];

    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services)
    {
        services.AddSingleton<PrometheusTextExporter>();
        services.AddSingleton(sp => new BaseExportingMetricReader(sp.GetRequiredService<PrometheusTextExporter>())
        {
            TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
        });
        services.AddSingleton(sp => Sdk.CreateMeterProviderBuilder()
            .AddMeter(Meters)
            .AddReader(sp.GetRequiredService<BaseExportingMetricReader>())
            .Build());
        return services;
    }

    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string path = "/metrics")
    {
        // Built eagerly so instruments created from now on are observed.
        _ = endpoints.ServiceProvider.GetRequiredService<MeterProvider>();
        var reader = endpoints.ServiceProvider.GetRequiredService<BaseExportingMetricReader>();
        var exporter = endpoints.ServiceProvider.GetRequiredService<PrometheusTextExporter>();
        return endpoints.MapGet(path, () =>
        {
            string text;
            lock (exporter)
            {
                text = exporter.Scrape(reader);
            }
            return Results.Text(text, "text/plain; version=0.0.4; charset=utf-8");
        });
    }
}
