using Grpc.Health.V1;

namespace LiveGrpc.Rpc.Health;

/// <summary>
/// grpc.health.v1.Health (grpc/doc/health-checking.md) over <see cref="HealthStatusRegistry"/>.
/// </summary>
public sealed class HealthService(HealthStatusRegistry registry)
{
    /// <summary>The service's status now; NOT_FOUND for a service the registry does not know.</summary>
    public Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        var status = registry.GetStatus(request.Service)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Unknown service \"{request.Service}\"."));
        return Task.FromResult(new HealthCheckResponse { Status = status });
    }

    /// <summary>
    /// The current status (SERVICE_UNKNOWN for an unknown service, without ending the call), then
    /// every change, until the client cancels, the deadline passes, or the server begins to stop
    /// (then it sends NOT_SERVING and ends with OK; clients re-watch with backoff).
    /// </summary>
    public async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        try
        {
            await foreach (var status in registry.WatchAsync(request.Service, context.CancellationToken).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(new HealthCheckResponse { Status = status }).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The caller went away; nobody is left to receive a status.
        }
    }
}
