namespace LiveGrpc.Server.Cluster;

/// <summary>
/// Joins the cluster in <see cref="StartingAsync"/>, before any hosted service starts: connects to
/// Redis (start-up fails with one clear line when it cannot), subscribes this node to the event bus
/// (so even restart recovery's events are heard here), and announces the node with a first heartbeat.
/// </summary>
public sealed class ClusterStartup(RedisConnection redis, RedisStreamEventBus bus, ClusterHeartbeat heartbeat) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await redis.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await bus.SubscribeToClusterAsync().ConfigureAwait(false);
        await heartbeat.BeatAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
