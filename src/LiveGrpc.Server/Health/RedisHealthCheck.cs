using LiveGrpc.Server.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveGrpc.Server.Health;

/// <summary>
/// Ready while this node is connected to the cluster's Redis and it answers a PING. Without Redis a
/// node cannot count viewers, see publishers on other nodes, lock streams or hear events, so it
/// should take no traffic. Registered (tagged "ready") only when Redis:Configuration is set.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public const string Name = "redis";
    public const string ReadyTag = "ready";

    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return HealthCheckResult.Unhealthy("Not connected to Redis (Redis:Configuration).");
        }
        try
        {
            var latency = await redis.Database.PingAsync().WaitAsync(PingTimeout, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0.#} ms.");
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Redis did not answer a PING: {ex.Message}");
        }
    }
}
