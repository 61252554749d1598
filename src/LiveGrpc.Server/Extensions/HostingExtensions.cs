using LiveGrpc.Rpc.Health;
using LiveGrpc.Rpc.Interceptors;
using LiveGrpc.Rpc.Reflection;
using LiveGrpc.Rpc.Server;
using LiveGrpc.Server.Hosting;
using LiveGrpc.Server.Observability;

namespace LiveGrpc.Server.Extensions;

public static class HostingExtensions
{
    /// <summary>
    /// Kestrel endpoints (standard Kestrel:Endpoints configuration, or the two-port cleartext
    /// defaults), the gRPC server with health and reflection, and the start-up banner.
    /// </summary>
    public static IHostApplicationBuilder AddLiveGrpcHosting(this IHostApplicationBuilder builder)
    {
        if (!builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any()
            && string.IsNullOrEmpty(builder.Configuration["urls"])
            && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(ListenDefaults.Apply);
        }
        // Outermost first: logging and metrics see the status the caller finally gets.
        builder.Services.AddGrpcServer(options =>
        {
            options.Interceptors.Add<LoggingInterceptor>();
            options.Interceptors.Add<MetricsInterceptor>();
        });
        builder.Services.AddGrpcHealthService();
        GrpcWebCors.Add(builder);
        builder.Services.AddPrometheusMetrics();
        builder.Services.AddHostedService<ListeningBanner>();
        return builder;
    }

    /// <summary>Health and reflection (so grpcurl, Postman and evans can list and call the API), and /metrics.</summary>
    public static IEndpointRouteBuilder MapLiveGrpcStandardServices(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcHealthService();
        endpoints.MapGrpcReflectionService();
        endpoints.MapPrometheusMetrics();
        return endpoints;
    }
}
