using LiveGrpc.Server.Health;
using LiveGrpc.V1;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Extensions;

public static class HealthExtensions
{
    /// <summary>The services grpc.health.v1 reports on by name; "" is the whole server.</summary>
    public static readonly string[] ServiceNames = ["", StreamService.Descriptor.FullName, TokenService.Descriptor.FullName];

    /// <summary>
    /// grpc.health.v1.Health over ASP.NET Core health checks (Grpc.AspNetCore.HealthChecks): every
    /// name in <see cref="ServiceNames"/> is SERVING while the store is readable and the server is
    /// not shutting down. On shutdown, Watch callers get NOT_SERVING and their calls end with OK.
    /// </summary>
    public static IHostApplicationBuilder AddLiveGrpcHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddGrpcHealthChecks(options =>
            {
                foreach (var name in ServiceNames)
                {
                    options.Services.Map(name, _ => true);
                }
            })
            .AddCheck<StoreHealthCheck>(StoreHealthCheck.Name)
            .AddCheck<ShutdownHealthCheck>(ShutdownHealthCheck.Name);
        // Watch callers hear of changes when the publisher re-runs the checks.
        builder.Services.AddOptions<HealthCheckPublisherOptions>().Configure<IOptions<HealthOptions>>((publisher, health) =>
        {
            publisher.Delay = TimeSpan.Zero;
            publisher.Period = health.Value.CheckInterval;
        });
        return builder;
    }

    /// <summary>Maps grpc.health.v1.Health, reachable from browsers over gRPC-Web too.</summary>
    public static IEndpointRouteBuilder MapLiveGrpcHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcHealthChecksService().EnableGrpcWeb();
        return endpoints;
    }
}
