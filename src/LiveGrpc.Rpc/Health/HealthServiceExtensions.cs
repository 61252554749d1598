using Grpc.Health.V1;
using LiveGrpc.Rpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LiveGrpc.Rpc.Health;

public static class HealthServiceExtensions
{
    /// <summary>
    /// Registers <see cref="HealthStatusRegistry"/> (whole server "" = SERVING) and the health service.
    /// When the host begins to stop, every status turns NOT_SERVING so watchers and balancers drain.
    /// </summary>
    public static IServiceCollection AddGrpcHealthService(this IServiceCollection services)
    {
        services.TryAddSingleton<HealthStatusRegistry>();
        services.TryAddSingleton<HealthService>();
        services.AddHostedService<HealthShutdownNotifier>();
        return services;
    }

    /// <summary>Maps grpc.health.v1.Health (Check and Watch). Needs <see cref="AddGrpcHealthService"/>.</summary>
    public static IEndpointConventionBuilder MapGrpcHealthService(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<HealthStatusRegistry>() is null)
        {
            throw new InvalidOperationException("MapGrpcHealthService needs services.AddGrpcHealthService() at start-up.");
        }
        return endpoints.MapGrpcService<HealthService>(HealthReflection.Descriptor.Services[0]);
    }

    private sealed class HealthShutdownNotifier(HealthStatusRegistry registry, IHostApplicationLifetime lifetime) : IHostedService
    {
        private CancellationTokenRegistration _registration;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _registration = lifetime.ApplicationStopping.Register(registry.EnterShutdown);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => _registration.DisposeAsync().AsTask();
    }
}
