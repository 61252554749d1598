using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveGrpc.Server.Health;

/// <summary>Unhealthy from the moment the host begins to stop, so Check answers NOT_SERVING while the server drains.</summary>
public sealed class ShutdownHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public const string Name = "shutdown";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("The server is shutting down.")
            : HealthCheckResult.Healthy());
}
